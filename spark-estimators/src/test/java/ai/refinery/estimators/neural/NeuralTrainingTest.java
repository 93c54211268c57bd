package ai.refinery.estimators.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** Training behaviour of the neural estimators on tiny data. */
class NeuralTrainingTest {
  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  private static Dataset<Row> three() {
    return TinyData.classification(spark(), 240, 3, 3)
        .repartition(2, functions.col("id"))
        .sortWithinPartitions("id");
  }

  private static double accuracy(NeuralClassificationModel m, Dataset<Row> df) {
    return m.transform(df).where("prediction = label").count() / (double) df.count();
  }

  private static NeuralClassifier base() {
    return new NeuralClassifier()
        .setHiddenLayers(8)
        .setBatchSize(48)
        .setLearningRate(0.02)
        .setMaxEpochs(12)
        .setSeed(5);
  }

  @Test
  void learnsReportsHistoryAndIsDeterministic() {
    Dataset<Row> df = three().cache();
    NeuralClassificationModel a = base().fit(df);
    NeuralClassificationModel b = base().fit(df);
    assertArrayEquals(a.weights(), b.weights(), "same seed and partitioning, same weights");
    assertTrue(accuracy(a, df) > 0.85, "accuracy " + accuracy(a, df));
    NeuralTrainingSummary s = a.summary();
    assertEquals(12, s.epochs());
    assertEquals(StopReason.MAX_EPOCHS, s.stopReason());
    assertEquals((int) Math.ceil(s.trainRows() / 48.0), s.stepsPerEpoch());
    assertEquals(240, s.trainRows() + s.validationRows());
    assertTrue(s.validationRows() > 5 && s.validationRows() < 50, "about 10% validation rows");
    List<EpochRecord> h = s.history();
    assertTrue(h.get(11).trainLoss() < h.get(0).trainLoss(), "loss falls: " + h);
    assertTrue(h.get(11).validationLoss() < h.get(0).validationLoss());
    assertTrue(h.stream().allMatch(e -> e.rowsPerSecond() > 0 && e.seconds() > 0));
    Dataset<Row> frame = s.historyFrame(spark());
    assertEquals(12, frame.count());
    assertEquals(
        List.of(
            "epoch",
            "train_loss",
            "validation_loss",
            "validation_metric",
            "learning_rate",
            "epoch_seconds",
            "rows_per_second"),
        Arrays.asList(frame.columns()));
    NeuralClassificationModel other = base().setSeed(6).fit(df);
    assertFalse(Arrays.equals(a.weights(), other.weights()), "another seed, other weights");
    Row row = a.transform(df).first();
    double[] p = ((org.apache.spark.ml.linalg.Vector) row.getAs("probability")).toArray();
    assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
  }

  @Test
  void manyPartitionsAggregateInADeterministicTree() {
    Dataset<Row> df =
        TinyData.classification(spark(), 240, 3, 3)
            .repartition(24, functions.col("id"))
            .sortWithinPartitions("id")
            .cache();
    NeuralClassificationModel tree = base().setSyncInterval(1).setMaxEpochs(2).fit(df);
    NeuralClassificationModel again = base().setSyncInterval(1).setMaxEpochs(2).fit(df);
    assertArrayEquals(tree.weights(), again.weights(), "the tree's order is fixed");
    // depth 24 never builds a tree level: the driver sums the 24 partitions in order
    NeuralClassificationModel flat =
        base().setSyncInterval(1).setMaxEpochs(2).setAggregationDepth(24).fit(df);
    assertArrayEquals(flat.weights(), tree.weights(), 1e-9, "the same sums, rounded otherwise");
    NeuralClassificationModel avg = base().setMaxEpochs(2).setSyncInterval(3).fit(df);
    assertArrayEquals(
        avg.weights(),
        base().setMaxEpochs(2).setSyncInterval(3).fit(df).weights(),
        "model averaging through the tree is deterministic too");
    df.unpersist();
  }

  /** Spark jobs started by fits of {@code est} (matched by their description). */
  private static int jobsOf(Runnable fit) {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener l =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart e) {
            String d = e.properties().getProperty("spark.job.description", "");
            if (d.contains("NeuralClassifier")) {
              jobs.incrementAndGet();
            }
          }
        };
    SparkContext sc = spark().sparkContext();
    sc.addSparkListener(l);
    try {
      fit.run();
      sc.listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      sc.removeSparkListener(l);
    }
    return jobs.get();
  }

  @Test
  void defaultScheduleRunsNoSparkJobPerEpochOrStep() {
    Dataset<Row> df = three().cache();
    df.count();
    int steps = base().setMaxEpochs(1).fit(df).summary().stepsPerEpoch();
    assertTrue(steps >= 4, "several steps per epoch: " + steps);
    // single task (the default for small data): the same jobs whatever the number of epochs
    int two = jobsOf(() -> base().setMaxEpochs(2).fit(df));
    int six = jobsOf(() -> base().setMaxEpochs(6).fit(df));
    assertEquals(two, six, "single task: no job per epoch");
    // one job reads the rows once; the validationFraction hold-out's row keys (RowKeys: two
    // small shuffles of per-partition content counts) are stages of that job, not jobs of their own
    assertEquals(1, two, "one read of the rows (row keys in its stages)");
    // too big for one task: one job per epoch (validation is scored on the driver)
    NeuralClassifier dist = base().setSingleTaskMaxMB(0);
    int dTwo = jobsOf(() -> dist.copy(new ParamMap()).setMaxEpochs(2).fit(df));
    int dSix = jobsOf(() -> dist.copy(new ParamMap()).setMaxEpochs(6).fit(df));
    assertEquals(4, dSix - dTwo, "one job per epoch");
    // the exact mode: one job per step
    int eTwo = jobsOf(() -> base().setSyncInterval(1).setMaxEpochs(2).fit(df));
    int eSix = jobsOf(() -> base().setSyncInterval(1).setMaxEpochs(6).fit(df));
    assertEquals(4 * steps, eSix - eTwo, "exact mode: one job per step");
    df.unpersist();
  }

  @Test
  void unevenPartitionsReadTwiceButTrainTheSame() {
    // partition 0 holds 200 rows, partition 1 40 (3 features: 40 bytes a row, 9,600 in all)
    Dataset<Row> df =
        TinyData.classification(spark(), 240, 3, 3)
            .withColumn("p", functions.when(functions.col("id").lt(200), 0).otherwise(1))
            .repartition(2, functions.col("p"))
            .sortWithinPartitions("id")
            .cache();
    df.count();
    NeuralClassifier est = base().setMaxEpochs(3);
    double[] once = est.copy(new ParamMap()).fit(df).weights();
    // 12,000 bytes: the whole fits one task, but partition 0 is over its half of the budget
    double mb = 12_000 / (1024.0 * 1024.0);
    int jobs = jobsOf(() -> est.copy(new ParamMap()).setSingleTaskMaxMB(mb).fit(df));
    assertEquals(2, jobs, "statistics (row keys in its stages), then the rows");
    double[] twice = est.copy(new ParamMap()).setSingleTaskMaxMB(mb).fit(df).weights();
    assertArrayEquals(once, twice, "the same arrays either way");
    df.unpersist();
  }

  @Test
  void zeroOneColumnsKeepTheirScale() {
    // one-hot and indicator columns (only 0 and 1 in the training rows) are not standardised,
    // as scikit-learn's usual pipeline scales the numeric columns only
    List<Row> rows = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      double g = r.nextGaussian() * 3 + 5;
      double oneHot = i % 7 == 0 ? 1 : 0;
      double twoLevels = i % 3 == 0 ? 2 : 0;
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              org.apache.spark.ml.linalg.Vectors.dense(g, oneHot, twoLevels, 1.0),
              (double) (g > 5 ? 1 : 0)));
    }
    Dataset<Row> df =
        spark()
            .createDataFrame(
                rows,
                new org.apache.spark.sql.types.StructType()
                    .add("features", new org.apache.spark.ml.linalg.VectorUDT())
                    .add("label", org.apache.spark.sql.types.DataTypes.DoubleType));
    NeuralModelData d = base().setMaxEpochs(1).fit(df).data();
    assertEquals(0.0, d.featureMean[1], 0.0);
    assertEquals(1.0, d.featureScale[1], 0.0, "0/1 column as it is");
    assertEquals(0.0, d.featureMean[3], 0.0);
    assertEquals(1.0, d.featureScale[3], 0.0, "a constant 1 column as it is");
    assertTrue(d.featureMean[0] > 4 && d.featureScale[0] > 2, "numeric column standardised");
    assertTrue(d.featureMean[2] > 0.4 && d.featureScale[2] > 0.8, "0/2 column standardised");
    NeuralModelData off = base().setMaxEpochs(1).setStandardization(false).fit(df).data();
    assertEquals(0.0, off.featureMean[0], 0.0);
    assertEquals(1.0, off.featureScale[0], 0.0);
  }

  @Test
  void singleTaskTrainsTheSameBatchesAsTheExactMode() {
    // 3 partitions of different sizes, 2 classes weighted, dropout off: the same mini-batches
    // and the same updates, the gradient only summed in another order
    Dataset<Row> df =
        TinyData.classification(spark(), 300, 4, 3)
            .repartition(3, functions.col("id"))
            .sortWithinPartitions("id")
            .cache();
    for (NeuralClassifier est :
        List.of(
            base(),
            base()
                .setOptimizer("sgd")
                .setHiddenLayers(6, 5)
                .setLrSchedule("cosine")
                .setWarmupEpochs(1)
                .setL2(1e-3))) {
      NeuralClassificationModel local = est.copy(new ParamMap()).setMaxEpochs(6).fit(df);
      NeuralClassificationModel exact =
          est.copy(new ParamMap()).setMaxEpochs(6).setSyncInterval(1).fit(df);
      assertArrayEquals(exact.weights(), local.weights(), 1e-9);
      for (int e = 0; e < 6; e++) {
        assertEquals(
            exact.summary().history().get(e).validationLoss(),
            local.summary().history().get(e).validationLoss(),
            1e-9);
      }
      assertEquals(exact.summary().bestEpoch(), local.summary().bestEpoch());
      assertArrayEquals(
          local.weights(),
          est.copy(new ParamMap()).setMaxEpochs(6).fit(df).weights(),
          "the same seed, the same bits");
    }
    df.unpersist();
  }

  @Test
  void perEpochAveragingIsDeterministicAndLearns() {
    Dataset<Row> df = three().cache();
    NeuralClassifier est = base().setSingleTaskMaxMB(0).setMaxEpochs(15);
    NeuralClassificationModel a = est.copy(new ParamMap()).fit(df);
    NeuralClassificationModel b = est.copy(new ParamMap()).fit(df);
    assertArrayEquals(a.weights(), b.weights(), "same seed and partitioning, same weights");
    assertTrue(accuracy(a, df) > 0.85, "per-epoch averaging: " + accuracy(a, df));
    NeuralClassificationModel local = base().setMaxEpochs(15).fit(df);
    assertFalse(
        Arrays.equals(a.weights(), local.weights()),
        "averaging partitions' models is not the single-task schedule");
    df.unpersist();
  }

  @Test
  void modelAveragingOptimisersSchedulesAndRegularisationLearn() {
    Dataset<Row> df = three();
    NeuralClassificationModel avg = base().setSyncInterval(1000).setMaxEpochs(15).fit(df);
    assertTrue(accuracy(avg, df) > 0.85, "syncInterval averaging: " + accuracy(avg, df));
    NeuralClassificationModel sgd =
        base()
            .setOptimizer("sgd")
            .setNesterov(true)
            .setMomentum(0.9)
            .setLearningRate(0.05)
            .setActivation("gelu")
            .setLrSchedule("cosine")
            .setWarmupEpochs(2)
            .setL1(1e-4)
            .setL2(1e-3)
            .setInputDropout(0.05)
            .setDropout(0.1)
            .setHiddenLayers(8, 6)
            .fit(df);
    assertTrue(accuracy(sgd, df) > 0.8, "sgd: " + accuracy(sgd, df));
    List<EpochRecord> h = sgd.summary().history();
    assertTrue(h.get(0).learningRate() < 0.05 * 0.6, "warm-up: " + h.get(0).learningRate());
    assertEquals(0.05, h.get(1).learningRate(), 1e-12, "warm-up ends at the base rate");
    assertTrue(h.get(11).learningRate() < 0.01, "cosine decays: " + h.get(11).learningRate());
    NeuralClassificationModel adamw =
        base()
            .setOptimizer("adamw")
            .setL2(0.1)
            .setActivation("sigmoid")
            .setLrSchedule("step")
            .setLrDecayEpochs(4)
            .setLrDecayFactor(0.5)
            .fit(df);
    assertTrue(accuracy(adamw, df) > 0.8, "adamw: " + accuracy(adamw, df));
    assertEquals(0.02 * 0.25, adamw.summary().history().get(11).learningRate(), 1e-12);
    NeuralClassificationModel tanh = base().setActivation("tanh").fit(df);
    assertTrue(accuracy(tanh, df) > 0.85, "tanh: " + accuracy(tanh, df));
  }

  @Test
  void classWeightsAndWeightColShiftPredictions() {
    Dataset<Row> df = TinyData.binary(spark(), 120, 4);
    NeuralClassificationModel plain = base().fit(df);
    NeuralClassificationModel onlyZero = base().setClassWeights(1.0, 0.0).fit(df);
    long ones = onlyZero.transform(df).where("prediction = 1").count();
    assertTrue(
        ones < plain.transform(df).where("prediction = 1").count() / 3,
        "class 1 weighted 0 is rarely predicted: " + ones);
    Dataset<Row> weighted =
        df.withColumn("w", functions.when(functions.col("label").equalTo(1), 0.0).otherwise(1.0));
    NeuralClassificationModel byCol = base().setWeightCol("w").fit(weighted);
    assertArrayEquals(
        onlyZero.weights(),
        byCol.weights(),
        1e-12,
        "weightCol and classWeights give the same weighted loss");
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() {
    Dataset<Row> df = three();
    // minDelta so large that no epoch after the first counts as an improvement
    NeuralClassificationModel m = base().setPatience(2).setMinDelta(1e9).fit(df);
    NeuralTrainingSummary s = m.summary();
    assertEquals(StopReason.EARLY_STOPPING, s.stopReason());
    assertEquals(3, s.epochs());
    assertEquals(1, s.bestEpoch());
    NeuralClassificationModel one = base().setMaxEpochs(1).fit(df);
    assertArrayEquals(one.weights(), m.weights(), "restored weights are epoch 1's");
    NeuralClassificationModel last =
        base().setPatience(2).setMinDelta(1e9).setRestoreBestWeights(false).fit(df);
    assertNotEquals(Arrays.toString(one.weights()), Arrays.toString(last.weights()));
    assertEquals(3, last.summary().bestEpoch());

    NeuralClassificationModel acc =
        base().setValidationMetric("accuracy").setPatience(3).setMaxEpochs(40).fit(df);
    double best =
        acc.summary().history().stream()
            .mapToDouble(EpochRecord::validationMetric)
            .max()
            .orElseThrow();
    assertEquals(best, acc.summary().bestMetric(), 0.0, "accuracy is maximised");
  }

  @Test
  void listenerHearsEveryEpochAndCanStop() {
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    NeuralClassificationModel m =
        TrainingListeners.with(
            e -> {
              events.add(e);
              return e.step() >= 2 && !e.finished() ? Decision.STOP : Decision.CONTINUE;
            },
            () -> base().fit(three()));
    assertEquals(StopReason.LISTENER, m.summary().stopReason());
    assertEquals(2, m.summary().epochs());
    assertEquals(3, events.size());
    TrainingEvent first = events.get(0);
    assertEquals(StepKind.EPOCH, first.kind());
    assertEquals("NeuralClassifier", first.source());
    assertEquals(12, first.total());
    assertTrue(first.metrics().containsKey("validation_loss"));
    assertTrue(first.metrics().containsKey("train_loss"));
    assertTrue(events.get(2).finished());
    assertEquals("listener", events.get(2).message());
  }

  @Test
  void maxRuntimeEndsCleanly() {
    for (NeuralClassifier est :
        List.of(base(), base().setSingleTaskMaxMB(0), base().setSyncInterval(1))) {
      NeuralClassificationModel m = est.setMaxEpochs(1000).setMaxRuntimeSeconds(1e-3).fit(three());
      assertEquals(StopReason.MAX_RUNTIME, m.summary().stopReason());
      assertEquals(1, m.summary().epochs());
      assertTrue(m.transform(three()).count() > 0);
    }
    // a limit of a few seconds ends a long fit within about that time
    long t0 = System.nanoTime();
    NeuralClassificationModel m =
        base().setMaxEpochs(100_000).setPatience(0).setMaxRuntimeSeconds(2).fit(three());
    double secs = (System.nanoTime() - t0) / 1e9;
    assertEquals(StopReason.MAX_RUNTIME, m.summary().stopReason());
    assertTrue(
        m.summary().epochs() > 1 && secs < 30, m.summary().epochs() + " epochs, " + secs + " s");
  }

  @Test
  void resumedFitEqualsUninterruptedFit() {
    resumes(base());
  }

  @Test
  void resumedFitEqualsUninterruptedFitWithPerEpochAveraging() {
    resumes(base().setSingleTaskMaxMB(0));
  }

  private static void resumes(NeuralClassifier template) {
    Dataset<Row> df = three().cache();
    String dir = SparkTestSession.newDir("neural-ckpt").toString();
    NeuralClassifier est = template.setMaxEpochs(5).setDropout(0.2).setLrSchedule("cosine");
    NeuralClassificationModel full = est.copy(new org.apache.spark.ml.param.ParamMap()).fit(df);
    // a run "killed" after epoch 2: a listener stops it; checkpoints are written every epoch
    NeuralClassificationModel killed =
        TrainingListeners.with(
            e -> e.step() >= 2 ? Decision.STOP : Decision.CONTINUE,
            () -> est.copy(new org.apache.spark.ml.param.ParamMap()).setCheckpointDir(dir).fit(df));
    assertEquals(2, killed.summary().epochs());
    NeuralClassificationModel resumed =
        est.copy(new org.apache.spark.ml.param.ParamMap()).setResumeFrom(dir).fit(df);
    assertArrayEquals(full.weights(), resumed.weights(), "bit-for-bit the same weights");
    assertEquals(5, resumed.summary().epochs());
    for (int i = 0; i < 5; i++) {
      assertEquals(
          full.summary().history().get(i).validationLoss(),
          resumed.summary().history().get(i).validationLoss(),
          0.0);
    }
  }

  @Test
  void checkpointsEveryNEpochsAndResumeWithoutValidation() throws Exception {
    Dataset<Row> df = TinyData.regression(spark(), 60, 3);
    String dir = SparkTestSession.newDir("neural-ckpt-noval").toString();
    NeuralRegressor est =
        new NeuralRegressor()
            .setHiddenLayers(4)
            .setBatchSize(20)
            .setValidationFraction(0)
            .setCheckpointDir(dir)
            .setCheckpointInterval(2)
            .setSeed(9);
    est.setMaxEpochs(4).fit(df);
    List<String> files = new ArrayList<>();
    try (var s = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("epoch-"))
          .forEach(files::add);
    }
    files.sort(null);
    assertEquals(List.of("epoch-00002.json", "epoch-00004.json"), files);
    NeuralRegressionModel resumed =
        new NeuralRegressor()
            .setHiddenLayers(4)
            .setBatchSize(20)
            .setValidationFraction(0)
            .setSeed(9)
            .setMaxEpochs(5)
            .setResumeFrom(dir + "/epoch-00004.json")
            .fit(df);
    assertEquals(5, resumed.summary().epochs());
    assertTrue(
        Double.isNaN(resumed.summary().history().get(0).validationLoss()),
        "NaN survives the JSON checkpoint");
    assertEquals(5, resumed.summary().bestEpoch());
  }

  @Test
  void resumeFromASavedModelContinuesTraining() throws Exception {
    Dataset<Row> df = three();
    NeuralClassificationModel first = base().setMaxEpochs(3).fit(df);
    String path = SparkTestSession.newDir("neural-model").resolve("m").toString();
    first.save(path);
    NeuralClassificationModel loaded = NeuralClassificationModel.load(path);
    assertTrue(loaded.hasSummary());
    assertEquals(3, loaded.summary().epochs());
    NeuralClassificationModel more = base().setMaxEpochs(2).setResumeFrom(path).fit(df);
    NeuralClassificationModel fresh = base().setMaxEpochs(2).fit(df);
    assertTrue(
        more.summary().history().get(0).trainLoss() < fresh.summary().history().get(0).trainLoss(),
        "starts from the trained weights");
  }

  @Test
  void regressorLearnsALinearFunction() {
    Dataset<Row> df = TinyData.regression(spark(), 200, 8);
    NeuralRegressionModel m =
        new NeuralRegressor()
            .setHiddenLayers(8)
            .setBatchSize(16)
            .setSyncInterval(6)
            .setLearningRate(0.01)
            .setMaxEpochs(30)
            .setValidationMetric("r2")
            .setSeed(1)
            .fit(df);
    assertTrue(m.summary().bestMetric() > 0.9, "validation r2 " + m.summary().bestMetric());
    double mse =
        m.transform(df)
            .selectExpr("avg((prediction - label) * (prediction - label))")
            .first()
            .getDouble(0);
    assertTrue(mse < 0.5, "training mse " + mse + " (label variance about 6.5)");
    NeuralRegressionModel mae =
        new NeuralRegressor()
            .setHiddenLayers(4)
            .setMaxEpochs(3)
            .setValidationMetric("mae")
            .setOptimizer("sgd")
            .setLearningRate(0.01)
            .fit(df);
    assertEquals("mae", mae.summary().metricName());
    NeuralRegressionModel noVal =
        new NeuralRegressor().setHiddenLayers().setMaxEpochs(3).setValidationFraction(0).fit(df);
    assertEquals(0, noVal.summary().validationRows());
    assertEquals(3, noVal.summary().bestEpoch());
    assertTrue(Double.isNaN(noVal.summary().history().get(0).validationLoss()));
    assertEquals(
        List.of(3, 1),
        Arrays.stream(noVal.layerSizes()).boxed().toList(),
        "no hidden layer: a linear model");
  }

  @Test
  void validationIndicatorColumnChoosesValidationRows() {
    Dataset<Row> df = three().withColumn("isVal", functions.col("id").mod(4).equalTo(0));
    NeuralClassificationModel m = base().setMaxEpochs(2).setValidationIndicatorCol("isVal").fit(df);
    assertEquals(60, m.summary().validationRows());
    assertEquals(180, m.summary().trainRows());
  }

  @Test
  void classCountComesFromLabelMetadataWhenDeclared() {
    Dataset<Row> df = TinyData.classification(spark(), 60, 3, 4);
    org.apache.spark.sql.types.Metadata meta =
        org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withNumValues(5).toMetadata();
    Dataset<Row> declared = df.withColumn("label", functions.col("label").as("label", meta));
    NeuralClassificationModel m = base().setMaxEpochs(1).fit(declared);
    assertEquals(5, m.numClasses(), "StringIndexer-style metadata declares 5 classes");
    assertEquals(3, base().setMaxEpochs(1).fit(df).numClasses(), "without metadata: max + 1");
  }

  static List<Double> column(Dataset<Row> df, String col) {
    List<Double> out = new ArrayList<>();
    for (Row r : df.select(col).collectAsList()) {
      out.add(r.getDouble(0));
    }
    return out;
  }
}
