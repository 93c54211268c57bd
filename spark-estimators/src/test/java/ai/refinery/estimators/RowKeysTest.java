package ai.refinery.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Occurrence keys: distinct per row, the same set on any partitioning, cheap for distinct rows. */
class RowKeysTest {
  private final SparkSession spark = SparkTestSession.get();

  /** Heavy duplication: one value holds a tenth of the rows, nulls included, a few singletons. */
  private Dataset<Row> table(long seed, int n) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      Integer a =
          u < 0.1
              ? Integer.valueOf(7)
              : u < 0.15 ? null : Integer.valueOf(r.nextInt(u < 0.9 ? 6 : 1_000_000));
      String b = r.nextInt(3) == 0 ? null : "s" + r.nextInt(2);
      if (u < 0.1) {
        b = "big";
      }
      rows.add(RowFactory.create(a, b));
    }
    StructType schema =
        new StructType().add("a", DataTypes.IntegerType, true).add("b", DataTypes.StringType, true);
    return spark.createDataFrame(rows, schema);
  }

  /** content (a|b) -> sorted keys. */
  private static Map<String, List<Long>> keysByContent(Dataset<Row> keyed) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row r : keyed.collectAsList()) {
      out.computeIfAbsent(r.get(0) + "|" + r.get(1), k -> new ArrayList<>()).add(r.getLong(2));
    }
    out.values().forEach(l -> l.sort(Long::compare));
    return out;
  }

  @Test
  void keysAreDistinctPerRowAndTheSameOnAnyPartitioning() {
    for (long seed = 1; seed <= 2; seed++) {
      Dataset<Row> df = table(seed, 600);
      Map<String, List<Long>> reference = null;
      for (int parts : new int[] {1, 4, 17}) {
        Dataset<Row> in = parts == 1 ? df.coalesce(1) : df.repartition(parts);
        Dataset<Row> keyed = RowKeys.withRowKey(in, RowKeys.contentHash(in.schema()), "k");
        assertEquals(List.of("a", "b", "k"), List.of(keyed.columns()));
        Map<String, List<Long>> got = keysByContent(keyed);
        Set<Long> all = new HashSet<>();
        int rows = 0;
        for (Map.Entry<String, List<Long>> e : got.entrySet()) {
          all.addAll(e.getValue());
          rows += e.getValue().size();
        }
        assertEquals(600, rows);
        assertEquals(600, all.size(), "every row, twins included, gets its own key");
        if (reference == null) {
          reference = got;
        } else {
          assertEquals(reference, got, "seed " + seed + ", " + parts + " partitions");
        }
      }
      // the keys of a content with n rows are key(c, 0..n-1)
      Dataset<Row> one =
          RowKeys.withRowKey(df, RowKeys.contentHash(df.schema()), "k")
              .withColumn("c", RowKeys.contentHash(functions.col("a"), functions.col("b")));
      Map<Long, Set<Long>> byC = new HashMap<>();
      for (Row r : one.select("c", "k").collectAsList()) {
        byC.computeIfAbsent(r.getLong(0), k -> new HashSet<>()).add(r.getLong(1));
      }
      for (Map.Entry<Long, Set<Long>> e : byC.entrySet()) {
        Set<Long> expected = new HashSet<>();
        for (int j = 0; j < e.getValue().size(); j++) {
          expected.add(RowKeys.key(e.getKey(), j));
        }
        assertEquals(expected, e.getValue());
      }
    }
  }

  /**
   * Property, over generated tables (heavy and skewed duplication, nulls, 1 to 17 partitions, some
   * of them empty, spread round-robin or by a skewed column): each row's key is exactly key(c, j),
   * j = the occurrences of its content c in lower-numbered partitions plus those before it in its
   * partition (an oracle over the rows in partition order); so every content's keys are key(c, 0 ..
   * n-1), and the multiset of (content, key) is the same on every partitioning of the table.
   */
  @Test
  void keysFollowThePartitionOrderAndTheirMultisetDoesNotDependOnPartitioning() {
    Random r = new Random(20261203L);
    for (int trial = 0; trial < 6; trial++) {
      int n = 20 + r.nextInt(400);
      int distinct = 1 + r.nextInt(trial % 2 == 0 ? 4 : 40);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // skewed: content 0 is the most frequent, then 1, ..
        int v = (int) Math.floor(distinct * Math.pow(r.nextDouble(), 3));
        rows.add(
            RowFactory.create(
                v % 3 == 2 ? null : Integer.valueOf(v), r.nextInt(5) == 0 ? null : "s" + v % 2));
      }
      Dataset<Row> df =
          spark.createDataFrame(
              rows,
              new StructType()
                  .add("a", DataTypes.IntegerType, true)
                  .add("b", DataTypes.StringType, true));
      Map<String, List<Long>> reference = null;
      for (int round = 0; round < 3; round++) {
        int parts = round == 0 ? 1 : 2 + r.nextInt(16);
        Dataset<Row> in =
            round == 0
                ? df.coalesce(1)
                : round == 1
                    ? df.repartition(parts)
                    // by a column: skewed partitions, some of them empty
                    : df.repartition(parts, functions.col("a"));
        Dataset<Row> keyed =
            RowKeys.withRowKey(
                    in.withColumn("pid", functions.spark_partition_id())
                        .withColumn("pos", functions.monotonically_increasing_id()),
                    RowKeys.contentHash(functions.col("a"), functions.col("b")),
                    "k")
                .withColumn("c", RowKeys.contentHash(functions.col("a"), functions.col("b")));
        List<Row> got =
            new ArrayList<>(keyed.select("a", "b", "pid", "pos", "c", "k").collectAsList());
        assertEquals(n, got.size());
        got.sort(
            (x, y) ->
                x.getInt(2) != y.getInt(2)
                    ? Integer.compare(x.getInt(2), y.getInt(2))
                    : Long.compare(x.getLong(3), y.getLong(3)));
        Map<Long, Long> seen = new HashMap<>();
        Map<String, List<Long>> byContent = new TreeMap<>();
        for (Row x : got) {
          long c = x.getLong(4);
          long j = seen.merge(c, 1L, Long::sum) - 1;
          String where = "trial " + trial + ", " + parts + " partitions (round " + round + ")";
          assertEquals(RowKeys.key(c, j), x.getLong(5), where);
          byContent
              .computeIfAbsent(x.get(0) + "|" + x.get(1), k -> new ArrayList<>())
              .add(x.getLong(5));
        }
        byContent.values().forEach(l -> l.sort(Long::compare));
        if (reference == null) {
          reference = byContent;
        } else {
          assertEquals(reference, byContent, "trial " + trial + ", " + parts + " partitions");
        }
      }
    }
  }

  @Test
  void uniformDrawsAreUniformAndAgreeBetweenJavaAndSql() {
    Dataset<Row> df = table(9, 2000);
    Dataset<Row> keyed =
        RowKeys.withRowKey(df, RowKeys.contentHash(df.schema()), "k")
            .withColumn("u", RowKeys.uniform(functions.col("k"), 42L));
    double sum = 0;
    int below = 0;
    for (Row r : keyed.select("k", "u").collectAsList()) {
      double u = r.getDouble(1);
      assertTrue(u >= 0 && u < 1);
      sum += u;
      below += u < 0.1 ? 1 : 0;
      // the identical-rows set "7|big" (a tenth of the rows) must not share one draw
    }
    assertEquals(0.5, sum / 2000, 0.03);
    assertEquals(200, below, 45); // Binomial(2000, 0.1): sd 13.4
    double java = RowKeys.uniform(123L, 42L);
    assertTrue(java >= 0 && java < 1);
    Row big =
        keyed
            .filter(functions.col("b").equalTo("big"))
            .agg(functions.count("u"), functions.countDistinct("u"), functions.avg("u"))
            .head();
    assertEquals(big.getLong(0), big.getLong(1), "identical rows draw distinct values");
    assertEquals(0.5, big.getDouble(2), 0.1);
  }

  @Test
  void mapCountsAndGrows() {
    RowKeys.LongLongMap m = new RowKeys.LongLongMap();
    Random r = new Random(3);
    Map<Long, Long> oracle = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      long k = r.nextInt(5000) - 2500L + (i % 2 == 0 ? 0 : Long.MIN_VALUE);
      long before = m.addAndGetPrevious(k, 1);
      assertEquals(oracle.getOrDefault(k, 0L), before);
      oracle.merge(k, 1L, Long::sum);
    }
    assertEquals(oracle.size(), m.size());
    m.forEach((k, v) -> assertEquals(oracle.get(k), v));
    assertEquals(0, m.get(99_999_999L));
  }
}
