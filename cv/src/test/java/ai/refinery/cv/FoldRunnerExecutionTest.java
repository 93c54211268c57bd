package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.run.ExecutionMode;
import ai.refinery.estimators.run.LocalFittable;
import ai.refinery.estimators.run.OneTask;
import ai.refinery.testkit.ConstantModel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fold runner's execution choice, on an estimator that fits its mean label either way. */
class FoldRunnerExecutionTest {
  private final Dataset<Row> df =
      ai.refinery.testkit.TinyData.binary(ai.refinery.testkit.SparkTestSession.get(), 30, 5)
          .withColumn("fold", functions.col("id").mod(3).cast("int"))
          .repartition(3);
  private final RegressionEvaluator rmse = new RegressionEvaluator().setMetricName("rmse");

  @BeforeEach
  void reset() {
    LocalMean.ONE_TASK.set(0);
    LocalMean.SPARK.set(0);
  }

  private FoldRunner runner(Estimator<?> est, ExecutionMode mode, long budget) {
    return FoldRunner.over(df, "fold", 3)
        .fits(List.of(new FoldRunner.Fit(est, ParamMap.empty(), "mean")))
        .evaluator(rmse)
        .refitOn(df, 0)
        .execution(mode, budget)
        .runId("exec");
  }

  @Test
  void oneTaskAndDistributedFitsGiveTheSameFoldMetrics() {
    FoldRunner.Result local = runner(new LocalMean(), ExecutionMode.LOCAL, 0).run();
    assertEquals(4, LocalMean.ONE_TASK.getAndSet(0), "3 folds + the refit in one task each");
    FoldRunner.Result dist = runner(new LocalMean(), ExecutionMode.DISTRIBUTED, 0).run();
    assertEquals(4, LocalMean.SPARK.get());
    assertEquals(0, LocalMean.ONE_TASK.get());
    assertArrayEquals(dist.metrics()[0], local.metrics()[0], 1e-12);
  }

  @Test
  void autoFitsInOneTaskUpToTheRowsTimesFeaturesBudget() {
    // 30 rows x 3 features = 90
    FoldRunner under = runner(new LocalMean(), ExecutionMode.AUTO, 90);
    assertTrue(under.choice(0).local(), under.choice(0).reason());
    assertTrue(under.choice(0).reason().contains("30 x 3 = 90 <="), under.choice(0).reason());
    FoldRunner over = runner(new LocalMean(), ExecutionMode.AUTO, 89);
    assertFalse(over.choice(0).local());
    assertTrue(
        over.choice(0).reason().contains("> localRowsTimesFeatures 89"), over.choice(0).reason());
    over.run();
    assertEquals(0, LocalMean.ONE_TASK.get());
  }

  @Test
  void estimatorsWithoutAOneTaskEngineStayDistributedEvenWhenLocalIsAsked() {
    FoldRunnerTest.MeanEstimator plain = new FoldRunnerTest.MeanEstimator();
    FoldRunner r = runner(plain, ExecutionMode.LOCAL, Long.MAX_VALUE);
    assertFalse(r.choice(0).local());
    assertTrue(r.choice(0).reason().contains("no single-machine engine"), r.choice(0).reason());
    assertEquals(3, r.run().numComplete());
  }

  @Test
  void aBadExecutionModeNamesTheParamTheValueAndTheChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FoldCrossValidator().setExecutionMode("fast"));
    assertTrue(e.getMessage().contains("executionMode"), e.getMessage());
    assertTrue(e.getMessage().contains("fast"), e.getMessage());
    assertTrue(e.getMessage().contains("auto, local, distributed"), e.getMessage());
    IllegalArgumentException neg =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FoldCrossValidator().setLocalRowsTimesFeatures(-1));
    assertTrue(neg.getMessage().contains("localRowsTimesFeatures"), neg.getMessage());
    assertEquals("auto", new FoldCrossValidator().getExecutionMode());
  }

  /** Fits the mean label with a Spark aggregation, or in one task over the gathered rows. */
  public static final class LocalMean extends Estimator<ConstantModel> implements LocalFittable {
    static final AtomicInteger ONE_TASK = new AtomicInteger();
    static final AtomicInteger SPARK = new AtomicInteger();
    private final String uid;

    public LocalMean() {
      this(Uids.random("localMean"));
    }

    public LocalMean(String uid) {
      this.uid = uid;
    }

    @Override
    public String uid() {
      return uid;
    }

    @Override
    public ConstantModel fit(Dataset<?> dataset) {
      SPARK.incrementAndGet();
      double mean = dataset.toDF().agg(functions.avg("label")).first().getDouble(0);
      return new ConstantModel(uid, "prediction", mean);
    }

    @Override
    public String whyNotLocal() {
      return null;
    }

    @Override
    public String localFeaturesCol() {
      return "features";
    }

    @Override
    public Model<?> fitInOneTask(Dataset<?> dataset) {
      ONE_TASK.incrementAndGet();
      byte[] b =
          OneTask.run(
              OneTask.gather(dataset.toDF().select("label"), false),
              (rows, cores) -> {
                double sum = 0;
                long n = 0;
                while (rows.hasNext()) {
                  sum += rows.next().getDouble(0);
                  n++;
                }
                return ByteBuffer.allocate(8).putDouble(sum / n).array();
              });
      return new ConstantModel(uid, "prediction", ByteBuffer.wrap(b).getDouble());
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public LocalMean copy(ParamMap extra) {
      return defaultCopy(extra);
    }
  }
}
