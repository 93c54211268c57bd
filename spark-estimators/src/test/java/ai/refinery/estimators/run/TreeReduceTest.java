package ai.refinery.estimators.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.junit.jupiter.api.Test;

class TreeReduceTest {
  private final JavaSparkContext jsc =
      JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());

  /** One vector per partition whose sum is sensitive to the order of addition. */
  private JavaRDD<double[]> parts(int n) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    return jsc.parallelize(idx, n)
        .map(
            i ->
                new double[] {
                  Math.pow(10, i % 17) / 3.0 + i,
                  1.0 / (i + 1),
                  (i % 2 == 0 ? 1 : -1) * 1e16 / (i + 1)
                });
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private int stagesOf(Runnable r) throws InterruptedException {
    AtomicInteger stages = new AtomicInteger();
    SparkListener l =
        new SparkListener() {
          @Override
          public void onStageSubmitted(SparkListenerStageSubmitted e) {
            stages.incrementAndGet();
          }
        };
    jsc.sc().addSparkListener(l);
    try {
      r.run();
      Thread.sleep(300); // listener events are delivered asynchronously
    } finally {
      jsc.sc().removeSparkListener(l);
    }
    return stages.get();
  }

  @Test
  void sumsInATreeInAFixedOrder() throws Exception {
    double[][] results = new double[3][];
    int stages = stagesOf(() -> results[0] = TreeReduce.reduce(parts(64), 2, TreeReduceTest::add));
    assertTrue(stages >= 2, "a tree level ran as its own stage: " + stages + " stage(s)");
    results[1] = TreeReduce.reduce(parts(64), 2, TreeReduceTest::add);
    results[2] = TreeReduce.reduce(parts(64), 3, TreeReduceTest::add);
    assertArrayEquals(results[0], results[1], "the same partitioning gives the same bits");
    // the exact sum, for comparison: every tree shape is within rounding of it
    for (int j = 0; j < 3; j++) {
      BigDecimal exact = BigDecimal.ZERO;
      for (double[] v : parts(64).collect()) {
        exact = exact.add(new BigDecimal(v[j]));
      }
      double e = exact.doubleValue();
      assertEquals(e, results[0][j], Math.abs(e) * 1e-14 + 1e-300, "component " + j);
      assertEquals(e, results[2][j], Math.abs(e) * 1e-14 + 1e-300, "component " + j);
    }
  }

  @Test
  void fewPartitionsOrDepthOneCombineOnTheDriverInPartitionOrder() throws Exception {
    double[] flat = new double[3];
    for (double[] v : parts(4).collect()) {
      add(flat, v);
    }
    double[][] r = new double[1][];
    int stages = stagesOf(() -> r[0] = TreeReduce.reduce(parts(4), 2, TreeReduceTest::add));
    assertEquals(1, stages, "4 partitions need no tree level");
    assertArrayEquals(flat, r[0]);
    double[] flat64 = new double[3];
    for (double[] v : parts(64).collect()) {
      add(flat64, v);
    }
    assertArrayEquals(flat64, TreeReduce.reduce(parts(64), 1, TreeReduceTest::add));
    assertNull(
        TreeReduce.reduce(jsc.parallelize(new ArrayList<double[]>(), 3), 2, TreeReduceTest::add));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TreeReduce.reduce(parts(4), 0, TreeReduceTest::add));
    assertTrue(e.getMessage().contains("depth must be >= 1, got 0"), e.getMessage());
  }
}
