package ai.refinery.estimators;

import ai.refinery.estimators.internal.SparkBridge;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Row keys for every seeded per-row draw (folds, splits, bootstrap counts, hold-outs): a 64-bit key
 * that is different for every row, identical rows included, and that does not depend on how the
 * table is partitioned.
 *
 * <p>Why. A draw keyed on a row's content alone gives identical rows the same draw: all twins land
 * in one fold, or share one in-bag pattern. On real tables, where many rows have exact twins, that
 * turns a held-out fold into a set of rows whose twins (often with the other label) were trained
 * on, and cross-validation estimates come out inverted. Here, among n rows with the same content c,
 * the rows get the keys {@code key(c, 0) .. key(c, n-1)}: each occurrence is numbered and the
 * number is mixed into the key, so n identical rows draw as n distinct rows do. Identical rows are
 * interchangeable, so which of them gets which number does not matter; the set of keys, and hence
 * the multiset of (row, draw), is the same on any partitioning.
 *
 * <p>How, without ever moving a duplicate set into one task: one pass counts each content per
 * partition (a small record per distinct content and partition); an aggregate over those records
 * finds the contents that occur in several partitions and gives each partition its offset (the
 * occurrences in lower-numbered partitions); the offsets travel to their partition (a shuffle of
 * those few records, keyed by partition number) and are zipped with it, where each row's number is
 * its partition's offset plus its count so far in the partition. The rows themselves are never
 * shuffled. Cost: the input is computed twice (callers that reuse the result should cache it) and
 * one aggregate of (content, partition, count) records.
 */
public final class RowKeys {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private RowKeys() {}

  /**
   * {@code df} plus a non-null long column {@code keyCol}: a key unique to each row occurrence (see
   * the class comment). {@code content} is a long hash of what makes rows identical (e.g. {@link
   * #contentHash}); rows with equal {@code content} are numbered. Not seeded: mix a seed in with
   * {@link #seeded} or {@link #uniform}.
   */
  public static Dataset<Row> withRowKey(Dataset<Row> df, Column content, String keyCol) {
    SparkSession spark = df.sparkSession();
    Dataset<Row> withContent = df.withColumn(keyCol, content.cast(DataTypes.LongType));
    StructType schema = withContent.schema();
    int ci = schema.fieldIndex(keyCol);
    // one RDD object for both passes, so both see the same partitions
    JavaRDD<InternalRow> rows = SparkBridge.internalRows(withContent).toJavaRDD();
    int parts = rows.getNumPartitions();
    JavaRDD<Row> counts =
        rows.mapPartitionsWithIndex(
            (p, it) -> {
              LongLongMap m = new LongLongMap();
              while (it.hasNext()) {
                m.addAndGetPrevious(it.next().getLong(ci), 1);
              }
              List<Row> out = new ArrayList<>(m.size());
              m.forEach((c, n) -> out.add(RowFactory.create(c, p, n)));
              return out.iterator();
            },
            false);
    StructType countSchema =
        new StructType()
            .add("c", DataTypes.LongType, false)
            .add("p", DataTypes.IntegerType, false)
            .add("n", DataTypes.LongType, false);
    Dataset<Row> spanning =
        spark
            .createDataFrame(counts, countSchema)
            .groupBy("c")
            .agg(functions.collect_list(functions.struct("p", "n")).as("l"))
            .filter(functions.size(functions.col("l")).gt(1));
    JavaPairRDD<Integer, long[]> offsets =
        spanning
            .javaRDD()
            .flatMapToPair(
                r -> {
                  long c = r.getLong(0);
                  List<Row> l = new ArrayList<>(r.getList(1));
                  l.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
                  List<Tuple2<Integer, long[]>> out = new ArrayList<>(l.size() - 1);
                  long before = 0;
                  for (Row e : l) {
                    if (before > 0) {
                      out.add(new Tuple2<>(e.getInt(0), new long[] {c, before}));
                    }
                    before += e.getLong(1);
                  }
                  return out.iterator();
                })
            .partitionBy(new HashPartitioner(Math.max(1, parts)));
    if (parts == 0) {
      return withContent;
    }
    // HashPartitioner puts Integer key p into partition p (p < parts)
    JavaRDD<InternalRow> keyed =
        rows.zipPartitions(
            offsets.values(),
            (rowIt, offIt) -> {
              LongLongMap offset = new LongLongMap();
              while (offIt.hasNext()) {
                long[] o = offIt.next();
                offset.put(o[0], o[1]);
              }
              LongLongMap seen = new LongLongMap();
              return new Iterator<InternalRow>() {
                @Override
                public boolean hasNext() {
                  return rowIt.hasNext();
                }

                @Override
                public InternalRow next() {
                  InternalRow row = rowIt.next().copy();
                  long c = row.getLong(ci);
                  long j = offset.get(c) + seen.addAndGetPrevious(c, 1);
                  row.setLong(ci, key(c, j));
                  return row;
                }
              };
            });
    return SparkBridge.fromInternalRows(spark, keyed.rdd(), schema);
  }

  /** The key of occurrence {@code j} (0-based) of content {@code c}. */
  public static long key(long c, long j) {
    return SeedSequence.mix(c ^ SeedSequence.mix(GOLDEN * (j + 1)));
  }

  /**
   * A hash of the given columns (types Spark can hash), for {@link #withRowKey}'s content; a
   * constant when there are none.
   */
  public static Column contentHash(Column... cols) {
    if (cols.length == 0) {
      return functions.lit(0L);
    }
    return functions.xxhash64(cols);
  }

  /**
   * {@link #contentHash} of every column of {@code schema} whose type Spark can hash (all but
   * maps).
   */
  public static Column contentHash(StructType schema) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (hashable(f.dataType())) {
        cols.add(functions.col(f.name()));
      }
    }
    return contentHash(cols.toArray(new Column[0]));
  }

  /** Whether Spark can hash values of this type (maps, also nested, cannot). */
  public static boolean hashable(DataType t) {
    if (t instanceof MapType) {
      return false;
    }
    if (t instanceof ArrayType a) {
      return hashable(a.elementType());
    }
    if (t instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (!hashable(f.dataType())) {
          return false;
        }
      }
    }
    return true;
  }

  /** A seeded 64-bit hash of a key column: the row's place in a seeded random order. */
  public static Column seeded(Column key, long seed) {
    return functions.xxhash64(functions.lit(seed), key);
  }

  /** A uniform draw in [0, 1) from a row key and a seed (the same pair gives the same draw). */
  public static double uniform(long key, long seed) {
    long h = SeedSequence.mix(key ^ SeedSequence.mix(seed));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** {@link #uniform} as a column expression over a key column. */
  public static Column uniform(Column key, long seed) {
    // xxhash64 is uniform over longs: the top 53 bits as a fraction
    return functions
        .shiftrightunsigned(seeded(key, seed), 11)
        .cast(DataTypes.DoubleType)
        .multiply(0x1.0p-53);
  }

  /** Open-addressing long -> long map (absent keys read 0), for per-partition counts. */
  static final class LongLongMap {
    private long[] keys = new long[16];
    private long[] values = new long[16];
    private boolean[] used = new boolean[16];
    private int size;

    int size() {
      return size;
    }

    private int slot(long k) {
      int mask = keys.length - 1;
      int i = (int) SeedSequence.mix(k) & mask;
      while (used[i] && keys[i] != k) {
        i = (i + 1) & mask;
      }
      return i;
    }

    long get(long k) {
      int i = slot(k);
      return used[i] ? values[i] : 0;
    }

    void put(long k, long v) {
      int i = slot(k);
      if (!used[i]) {
        used[i] = true;
        keys[i] = k;
        size++;
      }
      values[i] = v;
      growIfFull();
    }

    /** Adds {@code d} to the value of {@code k}; returns the value before. */
    long addAndGetPrevious(long k, long d) {
      int i = slot(k);
      if (!used[i]) {
        used[i] = true;
        keys[i] = k;
        values[i] = d;
        size++;
        growIfFull();
        return 0;
      }
      long before = values[i];
      values[i] = before + d;
      return before;
    }

    interface Entry {
      void accept(long k, long v);
    }

    void forEach(Entry e) {
      for (int i = 0; i < keys.length; i++) {
        if (used[i]) {
          e.accept(keys[i], values[i]);
        }
      }
    }

    private void growIfFull() {
      if (size * 2 <= keys.length) {
        return;
      }
      long[] ok = keys;
      long[] ov = values;
      boolean[] ou = used;
      keys = new long[ok.length * 2];
      values = new long[ok.length * 2];
      used = new boolean[ok.length * 2];
      size = 0;
      for (int i = 0; i < ok.length; i++) {
        if (ou[i]) {
          int s = slot(ok[i]);
          used[s] = true;
          keys[s] = ok[i];
          values[s] = ov[i];
          size++;
        }
      }
    }
  }
}
