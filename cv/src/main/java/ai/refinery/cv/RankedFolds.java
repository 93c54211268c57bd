package ai.refinery.cv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
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
 * (which rank ranges go to which fold). Most cells lie inside one fold's rank range, so all their
 * items get that fold with no ranking at all; only the few cells that straddle a range end (at most
 * k - 1 per stratum) need each item's rank. Their hashes are collected (one more pass over the
 * items, a few thousand rows per boundary cell) and sorted on the driver, and the position of each
 * hash goes back as a broadcast table: rank = cell offset + position. The output is then a map-only
 * pass over the items with two broadcast joins, no shuffle or sort of the rows. When two items of a
 * boundary cell share a hash (identical groups under {@code duplicatePolicy=together}) or the
 * boundary cells hold more than {@link #MAX_BOUNDARY_ITEMS} items, a window partitioned by cell
 * (never by stratum alone, so no class is pulled into one partition) numbers every item of a cell
 * by hash instead; both ways give the same folds ({@code RankedFoldsPathsTest}). Items with equal
 * hashes are (up to a 64-bit collision) identical, so which of them gets which rank does not change
 * the output.
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
  private static final String P_FIXED = "__cv_p_fixed";
  private static final String R_STRATUM = "__cv_r_stratum";
  private static final String R_BUCKET = "__cv_r_bucket";
  private static final String R_HASH = "__cv_r_hash";
  private static final String R_POS = "__cv_r_pos";

  /**
   * At most this many items in cells that straddle a fold boundary are ranked on the driver; beyond
   * it (or when {@link #forceWindow} is set, for tests) every item is ranked by a window.
   */
  static final long MAX_BOUNDARY_ITEMS = 1L << 21;

  static boolean forceWindow = false;

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

    /** The index of the block that holds rank {@code r}. */
    int segmentOf(long r) {
      int i = 0;
      while (i < ends.length - 1 && ends[i] <= r) {
        i++;
      }
      return i;
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
    // a cell whose rank range lies in one block of its stratum's allocation needs no ranking: all
    // its items go to that block's fold. Only the few cells that straddle a block end need ranks.
    Integer[] fixed = new Integer[cells.size()];
    long boundaryItems = 0;
    for (int i = 0; i < cells.size(); i++) {
      Allocation a = allocations.get(stratumOfCell[i]);
      long n = cells.get(i).getLong(2);
      int first = a.segmentOf(offsets[i]);
      if (first == a.segmentOf(offsets[i] + n - 1)) {
        fixed[i] = a.folds()[first];
      } else {
        boundaryItems += n;
      }
    }
    List<Row> planRows = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      Allocation a = allocations.get(stratumOfCell[i]);
      planRows.add(
          RowFactory.create(
              cells.get(i).get(0),
              cells.get(i).getInt(1),
              offsets[i],
              boxed(a.folds()),
              boxed(a.ends()),
              fixed[i]));
    }
    DataType stratumType = withBucket.schema().apply(STRATUM).dataType();
    StructType planSchema =
        new StructType()
            .add(P_STRATUM, stratumType, true)
            .add(P_BUCKET, DataTypes.IntegerType, false)
            .add(P_OFFSET, DataTypes.LongType, false)
            .add(P_FOLDS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(P_ENDS, DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add(P_FIXED, DataTypes.IntegerType, true);
    Dataset<Row> plan = spark.createDataFrame(planRows, planSchema);
    Column inCell =
        functions
            .col(STRATUM)
            .eqNullSafe(plan.col(P_STRATUM))
            .and(functions.col(BUCKET).equalTo(plan.col(P_BUCKET)));

    Dataset<Row> joined = null;
    Column rank = null;
    if (!forceWindow && boundaryItems == 0) {
      // every cell has its fold: no item needs a rank (and no pass collects boundary hashes)
      joined = withBucket.join(functions.broadcast(plan), inCell);
      rank = functions.lit(null).cast(DataTypes.LongType);
    } else if (!forceWindow && boundaryItems <= MAX_BOUNDARY_ITEMS) {
      Dataset<Row> ranks = boundaryRanks(withBucket, plan, stratumType);
      if (ranks != null) {
        Dataset<Row> withPlan = withBucket.join(functions.broadcast(plan), inCell);
        joined =
            withPlan.join(
                functions.broadcast(ranks),
                withPlan
                    .col(STRATUM)
                    .eqNullSafe(ranks.col(R_STRATUM))
                    .and(withPlan.col(BUCKET).equalTo(ranks.col(R_BUCKET)))
                    .and(withPlan.col(HASH).equalTo(ranks.col(R_HASH))),
                "left_outer");
        rank = functions.col(P_OFFSET).plus(functions.col(R_POS));
      }
    }
    if (joined == null) {
      // every item ranked by a window partitioned by cell (ties among equal hashes broken
      // arbitrarily: such items are identical)
      Dataset<Row> ranked =
          withBucket.withColumn(
              RN, functions.row_number().over(Window.partitionBy(STRATUM, BUCKET).orderBy(HASH)));
      joined = ranked.join(functions.broadcast(plan), inCell);
      rank = functions.col(P_OFFSET).plus(functions.col(RN)).minus(1);
    }
    Column itemRank = rank;
    Column byRank =
        functions.element_at(
            functions.col(P_FOLDS),
            functions.size(functions.filter(functions.col(P_ENDS), e -> e.leq(itemRank))).plus(1));
    Column fold =
        functions
            .when(functions.col(P_FIXED).isNotNull(), functions.col(P_FIXED))
            .otherwise(byRank);
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
   * The position of each item of the plan's boundary cells (those without a fixed fold) within its
   * cell, in hash order, as a small table ({@code R_*} columns) collected to the driver and
   * broadcast back; {@code null} when two items of a boundary cell share a hash (their order would
   * be arbitrary, which only the window path handles).
   */
  private static Dataset<Row> boundaryRanks(
      Dataset<Row> withBucket, Dataset<Row> plan, DataType stratumType) {
    Dataset<Row> boundary = plan.filter(functions.col(P_FIXED).isNull());
    List<Row> items =
        withBucket
            .join(
                functions.broadcast(boundary),
                withBucket
                    .col(STRATUM)
                    .eqNullSafe(boundary.col(P_STRATUM))
                    .and(withBucket.col(BUCKET).equalTo(boundary.col(P_BUCKET))),
                "left_semi")
            .select(STRATUM, BUCKET, HASH)
            .collectAsList();
    // per cell, its hashes in the window's order (signed: a cell's hashes share their top bits)
    Map<List<Object>, List<Long>> byCell = new HashMap<>();
    for (Row r : items) {
      byCell
          .computeIfAbsent(Arrays.asList(r.get(0), r.getInt(1)), c -> new ArrayList<>())
          .add(r.getLong(2));
    }
    List<Row> rows = new ArrayList<>(items.size());
    for (Map.Entry<List<Object>, List<Long>> e : byCell.entrySet()) {
      long[] h = e.getValue().stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(h);
      for (int i = 0; i < h.length; i++) {
        if (i > 0 && h[i] == h[i - 1]) {
          return null;
        }
        rows.add(RowFactory.create(e.getKey().get(0), e.getKey().get(1), h[i], (long) i));
      }
    }
    StructType schema =
        new StructType()
            .add(R_STRATUM, stratumType, true)
            .add(R_BUCKET, DataTypes.IntegerType, false)
            .add(R_HASH, DataTypes.LongType, false)
            .add(R_POS, DataTypes.LongType, false);
    return withBucket.sparkSession().createDataFrame(rows, schema);
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
