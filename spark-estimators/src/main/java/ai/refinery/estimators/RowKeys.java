package ai.refinery.estimators;

import ai.refinery.estimators.internal.SparkBridge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * partition and sends the counts, as primitive arrays (one per partition and bucket of contents),
 * to the bucket of each content (hash of the content mod the number of partitions); each bucket
 * task runs through its partitions in order, keeping a running count per content, and sends each
 * partition the offsets of its contents that occur in lower-numbered partitions (a second small
 * shuffle, keyed by partition number); there the offsets are zipped with the partition, where each
 * row's number is its partition's offset plus its count so far in the partition. The rows
 * themselves are never shuffled, and no step sorts or groups per content. Cost: the input is
 * computed twice (callers that reuse the result should cache it) and two shuffles of about 16 bytes
 * per distinct content and partition. Nothing runs until the result is used (no job of its own).
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
    if (parts == 0) {
      return withContent;
    }
    if (parts == 1) {
      // no content spans partitions: number the rows where they are, no shuffle
      JavaRDD<InternalRow> one =
          rows.mapPartitions(it -> numbered(it, Collections.emptyIterator(), ci));
      return SparkBridge.fromInternalRows(spark, one.rdd(), schema);
    }
    // pass 1: per partition p, the count of each content, sent to bucket hash(c) mod parts as
    // one primitive array {p, c0, n0, c1, n1, ..} per (partition, bucket)
    JavaPairRDD<Integer, long[]> counts =
        rows.mapPartitionsWithIndex(
                (p, it) -> {
                  LongLongMap m = new LongLongMap();
                  while (it.hasNext()) {
                    m.addAndGetPrevious(it.next().getLong(ci), 1);
                  }
                  return byBucket(p, m, parts).iterator();
                },
                false)
            .mapToPair(a -> new Tuple2<>(bucket(a[1], parts), a))
            .partitionBy(new HashPartitioner(parts));
    // per bucket: the partitions' counts in partition order; a content's offset in partition p
    // is its count in the lower-numbered partitions. Sent to p as {c0, before0, c1, ..}, only
    // for the contents that occur in a lower-numbered partition.
    JavaPairRDD<Integer, long[]> offsets =
        counts
            .values()
            .mapPartitions(RowKeys::offsetsOfBucket)
            .mapToPair(a -> new Tuple2<>((int) a[0], a))
            .partitionBy(new HashPartitioner(parts));
    // HashPartitioner puts Integer key p into partition p (p < parts)
    JavaRDD<InternalRow> keyed =
        rows.zipPartitions(offsets.values(), (rowIt, offIt) -> numbered(rowIt, offIt, ci));
    return SparkBridge.fromInternalRows(spark, keyed.rdd(), schema);
  }

  /**
   * A partition's rows with the content in column {@code ci} replaced by the key: occurrence number
   * = the content's offset (arrays {@code {p, c0, before0, c1, ..}}) plus its count so far in the
   * partition.
   */
  private static Iterator<InternalRow> numbered(
      Iterator<InternalRow> rowIt, Iterator<long[]> offIt, int ci) {
    LongLongMap offset = new LongLongMap();
    while (offIt.hasNext()) {
      long[] o = offIt.next();
      for (int i = 1; i < o.length; i += 2) {
        offset.put(o[i], o[i + 1]);
      }
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
  }

  /** The bucket (reduce task) of content {@code c} among {@code buckets}. */
  private static int bucket(long c, int buckets) {
    // the high bits of a mix other than the map's slot hash (which uses the low bits)
    return (int) Long.remainderUnsigned(SeedSequence.mix(c ^ GOLDEN) >>> 1, buckets);
  }

  /**
   * Partition {@code p}'s counts {@code m}, one array {@code {p, c0, n0, c1, n1, ..}} per non-empty
   * bucket.
   */
  private static List<long[]> byBucket(int p, LongLongMap m, int buckets) {
    int[] size = new int[buckets];
    m.forEach((c, n) -> size[bucket(c, buckets)]++);
    long[][] arrays = new long[buckets][];
    int[] fill = new int[buckets];
    for (int b = 0; b < buckets; b++) {
      if (size[b] > 0) {
        arrays[b] = new long[1 + 2 * size[b]];
        arrays[b][0] = p;
        fill[b] = 1;
      }
    }
    m.forEach(
        (c, n) -> {
          int b = bucket(c, buckets);
          arrays[b][fill[b]++] = c;
          arrays[b][fill[b]++] = n;
        });
    List<long[]> out = new ArrayList<>();
    for (long[] a : arrays) {
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * One bucket's count arrays (any order, at most one per partition) to offset arrays {@code {p,
   * c0, before0, c1, before1, ..}}: for each partition p, the contents that occur in a
   * lower-numbered partition and how often they occur there.
   */
  private static Iterator<long[]> offsetsOfBucket(Iterator<long[]> in) {
    List<long[]> all = new ArrayList<>();
    in.forEachRemaining(all::add);
    all.sort((a, b) -> Long.compare(a[0], b[0]));
    LongLongMap running = new LongLongMap();
    List<long[]> out = new ArrayList<>();
    long[] buf = new long[16];
    for (long[] a : all) {
      int len = 1;
      for (int i = 1; i < a.length; i += 2) {
        long before = running.addAndGetPrevious(a[i], a[i + 1]);
        if (before > 0) {
          if (len + 2 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          buf[len++] = a[i];
          buf[len++] = before;
        }
      }
      if (len > 1) {
        long[] o = Arrays.copyOf(buf, len);
        o[0] = a[0];
        out.add(o);
      }
    }
    return out.iterator();
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
