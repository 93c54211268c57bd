package ai.refinery.cv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The distributed engine behind every fold assigner: deals the items (rows, or groups) of each
 * stratum (class, quantile bin, group size, class-count signature) to folds in a seeded random
 * order, following an allocation decided on the driver from small per-stratum counts.
 *
 * <p>How it stays distributed and deterministic. Each item carries a seeded 64-bit hash ({@link
 * #HASH}) of its content (a group key) or, for rows, of its content and its occurrence number among
 * identical rows ({@link FoldTransformer#withRowKey}); the seeded random order of a stratum is the
 * unsigned order of that hash, which depends only on content and seed, never on partitioning, and
 * identical rows get independent places in it. The hash range is cut into {@code 2^bits} buckets
 * (the top bits), so a cell (stratum, bucket) holds about {@code 1/2^bits} of its stratum. One
 * aggregate counts items per cell (strata x buckets rows reach the driver); the driver turns these
 * into the offset of each cell within its stratum and asks a planner for the stratum's allocation
 * (which rank ranges go to which fold). A window partitioned by cell (never by stratum alone, so no
 * class is pulled into one partition) numbers the items of a cell by hash; rank = cell offset +
 * number, and the fold is looked up in the allocation, joined as a broadcast table. Items with
 * equal hashes are (up to a 64-bit collision) identical, so which of them gets which rank does not
 * change the output.
 */
final class RankedFolds {
  static final String STRATUM = "__cv_stratum";
  static final String HASH = "__cv_hash";
  private static final String BUCKET = "__cv_bucket";
  private static final String RN = "__cv_rn";
  private static final String P_STRATUM = "__cv_p_stratum";
  private static final String P_BUCKET = "__cv_p_bucket";
  private static final String P_OFFSET = "__cv_p_offset";
  private static final String P_FOLDS = "__cv_p_folds";
  private static final String P_ENDS = "__cv_p_ends";

  private RankedFolds() {}

  /** One stratum seen in the data: its value and how many items it has. */
  record Stratum(Object value, long count) {}

  /**
   * Items of ranks {@code [ends[i-1], ends[i])} of a stratum go to fold {@code folds[i]} ({@code
   * ends} ascending, last = the stratum's count).
   */
  record Allocation(int[] folds, long[] ends) {
    /** Consecutive blocks for folds 0..k-1 of the given sizes. */
    static Allocation ofSizes(long[] sizes) {
      int[] folds = new int[sizes.length];
      long[] ends = new long[sizes.length];
      long end = 0;
      for (int f = 0; f < sizes.length; f++) {
        folds[f] = f;
        end += sizes[f];
        ends[f] = end;
      }
      return new Allocation(folds, ends);
    }
  }

  /** Counts per stratum, ordered by stratum value (nulls first); at most maxStrata + 1 returned. */
  static List<Stratum> strata(Dataset<Row> items, int maxStrata) {
    List<Row> rows =
        items.groupBy(STRATUM).count().orderBy(STRATUM).limit(maxStrata + 1).collectAsList();
    List<Stratum> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new Stratum(r.get(0), r.getLong(1)));
    }
    return out;
  }

  /**
   * Bucket bits so that a cell holds at most about {@code cellTarget} items of the largest stratum.
   */
  static int bitsFor(long largestStratum, long cellTarget) {
    int bits = 0;
    while (bits < 12 && (largestStratum >> bits) > cellTarget) {
      bits++;
    }
    return bits;
  }

  /**
   * Adds {@code foldCol} to {@code items} (which carry {@link #STRATUM} and {@link #HASH}); the
   * helper columns are dropped. {@code planner} gets the strata in value order and returns one
   * allocation per stratum, in the same order.
   */
  static Dataset<Row> assign(
      Dataset<Row> items,
      int bits,
      String foldCol,
      int maxCells,
      Function<List<Stratum>, List<Allocation>> planner) {
    SparkSession spark = items.sparkSession();
    Column bucket =
        bits == 0
            ? functions.lit(0)
            : functions.shiftrightunsigned(functions.col(HASH), 64 - bits).cast("int");
    Dataset<Row> withBucket = items.withColumn(BUCKET, bucket);
    List<Row> cells =
        withBucket
            .groupBy(STRATUM, BUCKET)
            .count()
            .orderBy(STRATUM, BUCKET)
            .limit(maxCells + 1)
            .collectAsList();
    if (cells.size() > maxCells) {
      throw new IllegalArgumentException(
          String.format(
              "Too many strata to assign folds (more than %d cells of stratum x hash bucket)."
                  + " A label with many distinct values needs numBins.",
              maxCells));
    }
    // cell offsets within their stratum, and the strata in value order
    List<Stratum> strata = new ArrayList<>();
    long[] offsets = new long[cells.size()];
    int[] stratumOfCell = new int[cells.size()];
    Object current = null;
    long running = 0;
    for (int i = 0; i < cells.size(); i++) {
      Row c = cells.get(i);
      Object value = c.get(0);
      if (strata.isEmpty() || !Objects.equals(value, current)) {
        if (!strata.isEmpty()) {
          strata.set(strata.size() - 1, new Stratum(current, running));
        }
        strata.add(null);
        current = value;
        running = 0;
      }
      offsets[i] = running;
      stratumOfCell[i] = strata.size() - 1;
      running += c.getLong(2);
    }
    if (!strata.isEmpty()) {
      strata.set(strata.size() - 1, new Stratum(current, running));
    }
    List<Allocation> allocations = planner.apply(strata);
    List<Row> planRows = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      Allocation a = allocations.get(stratumOfCell[i]);
      planRows.add(
          RowFactory.create(
              cells.get(i).get(0),
              cells.get(i).getInt(1),
              offsets[i],
              boxed(a.folds()),
              boxed(a.ends())));
    }
    StructType planSchema =
        new StructType()
            .add(P_STRATUM, withBucket.schema().apply(STRATUM).dataType(), true)
            .add(P_BUCKET, DataTypes.IntegerType, false)
            .add(P_OFFSET, DataTypes.LongType, false)
            .add(P_FOLDS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(P_ENDS, DataTypes.createArrayType(DataTypes.LongType, false), false);
    Dataset<Row> plan = spark.createDataFrame(planRows, planSchema);

    Dataset<Row> ranked =
        withBucket.withColumn(
            RN, functions.row_number().over(Window.partitionBy(STRATUM, BUCKET).orderBy(HASH)));
    Dataset<Row> joined =
        ranked.join(
            functions.broadcast(plan),
            ranked
                .col(STRATUM)
                .eqNullSafe(plan.col(P_STRATUM))
                .and(ranked.col(BUCKET).equalTo(plan.col(P_BUCKET))));
    Column rank = functions.col(P_OFFSET).plus(functions.col(RN)).minus(1);
    Column fold =
        functions.element_at(
            functions.col(P_FOLDS),
            functions.size(functions.filter(functions.col(P_ENDS), e -> e.leq(rank))).plus(1));
    List<Column> out = new ArrayList<>();
    for (String c : items.columns()) {
      if (!c.equals(STRATUM) && !c.equals(HASH) && !c.equals(FoldTransformer.ROW_KEY)) {
        out.add(joined.col(c));
      }
    }
    out.add(fold.cast("int").as(foldCol));
    return joined.select(out.toArray(new Column[0]));
  }

  /**
   * The balanced allocation of StratifiedKFold: per stratum, fold sizes differ by at most one; the
   * strata's remainders are dealt round-robin from a seeded start, so that total fold sizes also
   * differ by at most one.
   */
  static List<Allocation> balanced(List<Stratum> strata, int k, long seed) {
    List<Allocation> out = new ArrayList<>();
    int next = (int) Math.floorMod(seed, (long) k);
    for (Stratum s : strata) {
      long q = s.count() / k;
      int r = (int) (s.count() % k);
      long[] sizes = new long[k];
      Arrays.fill(sizes, q);
      for (int i = 0; i < r; i++) {
        sizes[(next + i) % k]++;
      }
      next = (next + r) % k;
      out.add(Allocation.ofSizes(sizes));
    }
    return out;
  }

  private static Integer[] boxed(int[] a) {
    return Arrays.stream(a).boxed().toArray(Integer[]::new);
  }

  private static Long[] boxed(long[] a) {
    return Arrays.stream(a).boxed().toArray(Long[]::new);
  }
}
