package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaggingClassifierTest {
  private static Dataset<Row> binary() {
    return TinyData.binary(SparkTestSession.get(), 100, 3);
  }

  private static double accuracy(Dataset<Row> scored) {
    return scored.filter(functions.col("prediction").equalTo(functions.col("label"))).count()
        / (double) scored.count();
  }

  private static BaggingClassifier trees() {
    return new BaggingClassifier()
        .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(3))
        .setNumMembers(4)
        .setSeed(7);
  }

  @Test
  void learnsAndComputesOutOfBagScore() {
    Dataset<Row> df = binary();
    BaggingClassificationModel model = trees().setComputeOob(true).fit(df);
    assertEquals(4, model.memberCount());
    double acc = accuracy(model.transform(df));
    assertTrue(acc > 0.85, "training accuracy " + acc);
    // a shuffled input makes Spark ship the model to tasks (a local relation is scored on the
    // driver)
    assertEquals(acc, accuracy(model.transform(df.repartition(3))), 1e-12);
    OobScore oob = model.oobScore();
    assertTrue(oob.coverage() > 0.7, "coverage " + oob.coverage()); // 1 - 0.632^4 = 0.84 expected
    assertTrue(oob.score() > 0.7 && oob.score() <= acc + 1e-9, "oob " + oob + " vs train " + acc);
    assertTrue(oob.auc() > 0.75, "oob auc " + oob.auc());
    // a member misses a row with probability 0.368: 4 * 0.368 / 0.84 = 1.75 members per covered
    // row expected, and never more than the 4 members
    assertTrue(oob.meanMembers() > 1.2 && oob.meanMembers() < 2.4, "oob members " + oob);
  }

  @Test
  void outOfBagScoreIsSavedAndLoaded(@TempDir Path dir) throws Exception {
    Dataset<Row> df = binary();
    BaggingClassificationModel model =
        new BaggingClassifier()
            .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(3))
            .setNumMembers(20)
            .setSeed(3)
            .setComputeOob(true)
            .fit(df);
    OobScore oob = model.oobScore();
    // 20 members, each missing a row with probability 0.368: 7.4 per row expected
    assertTrue(oob.meanMembers() > 6 && oob.meanMembers() < 9, oob.toString());
    assertEquals(1.0, oob.coverage(), 1e-12, "20 members leave no row in every bag here");
    String path = dir.resolve("bag").toString();
    model.write().save(path);
    assertEquals(oob, BaggingClassificationModel.load(path).oobScore());
    // a model saved before oobMeanMembers existed loads with NaN in its place
    SparkSession spark = SparkTestSession.get();
    String summary = path + "/data/summary";
    Dataset<Row> old = spark.read().parquet(summary).drop("oobMeanMembers");
    old.collectAsList(); // read before the folder is replaced
    String older = dir.resolve("older").toString();
    old.write().parquet(older);
    try (Stream<Path> files = Files.walk(Path.of(summary))) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    Files.move(Path.of(older), Path.of(summary));
    OobScore loaded = BaggingClassificationModel.load(path).oobScore();
    assertEquals(oob.score(), loaded.score(), 0.0);
    assertTrue(Double.isNaN(loaded.meanMembers()), loaded.toString());
  }

  @Test
  void parallelismDoesNotChangeTheModel() {
    Dataset<Row> df = binary();
    BaggingClassifier est = trees().setFeatureFraction(0.67);
    List<Row> one =
        est.copy(new org.apache.spark.ml.param.ParamMap())
            .setParallelism(1)
            .fit(df)
            .transform(df)
            .select("probability")
            .collectAsList();
    BaggingClassificationModel twoModel = est.setParallelism(2).fit(df);
    List<Row> two = twoModel.transform(df).select("probability").collectAsList();
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(
          ((Vector) one.get(i).get(0)).toArray(),
          ((Vector) two.get(i).get(0)).toArray(),
          0.0,
          "row " + i);
    }
    assertEquals(2, twoModel.memberFeatures(0).length, "2 of 3 features per member");
  }

  @Test
  void hardVotingGivesVoteShares() {
    Dataset<Row> df = binary();
    BaggingClassificationModel model = trees().setVoting("hard").fit(df);
    for (Row r : model.transform(df).select("rawPrediction", "probability").collectAsList()) {
      double[] votes = ((Vector) r.get(0)).toArray();
      assertEquals(4.0, votes[0] + votes[1], 1e-12);
      assertEquals(votes[1] / 4.0, ((Vector) r.get(1)).apply(1), 1e-12);
    }
  }

  @Test
  void withoutReplacementAndBaseWithoutWeightCol() {
    Dataset<Row> df = binary();
    Dataset<Row> scaled =
        new StandardScaler().setInputCol("features").setOutputCol("scaled").fit(df).transform(df);
    MultilayerPerceptronClassifier mlp =
        new MultilayerPerceptronClassifier()
            .setLayers(new int[] {3, 4, 2})
            .setMaxIter(30)
            .setFeaturesCol("scaled");
    for (boolean replace : new boolean[] {true, false}) {
      BaggingClassificationModel model =
          new BaggingClassifier()
              .setBaseEstimator(mlp)
              .setFeaturesCol("scaled")
              .setNumMembers(2)
              .setSampleFraction(0.7)
              .setBootstrap(replace)
              .setComputeOob(true)
              .fit(scaled);
      assertTrue(accuracy(model.transform(scaled)) > 0.8);
      // each member sees about 70% of the rows: about half of them are out of at least one bag
      assertTrue(model.oobScore().coverage() > 0.35, "coverage " + model.oobScore());
    }
  }

  @Test
  void multiClassSoftVoting() {
    Dataset<Row> df = TinyData.classification(SparkTestSession.get(), 150, 3, 5);
    BaggingClassificationModel model =
        new BaggingClassifier()
            .setBaseEstimator(new LogisticRegression().setMaxIter(20))
            .setNumMembers(3)
            .setSampleFraction(0.5)
            .fit(df);
    assertEquals(3, model.numClasses());
    assertTrue(accuracy(model.transform(df)) > 0.8);
  }

  @Test
  void membersReportThroughListenersAndStopIsHonoured() {
    Dataset<Row> df = binary();
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    BaggingClassificationModel model =
        TrainingListeners.with(
            e -> {
              events.add(e);
              return e.step() >= 2 ? Decision.STOP : Decision.CONTINUE;
            },
            () -> trees().fit(df));
    assertEquals(2, model.memberCount());
    assertEquals(3, events.size(), events.toString());
    assertEquals(StepKind.MEMBER, events.get(0).kind());
    assertEquals(4, events.get(0).total());
    assertTrue(events.get(2).finished());
    assertTrue(events.get(2).message().contains("stopped by a listener after 2 of 4"));
  }

  @Test
  void badInputsFailWithClearMessages() {
    IllegalArgumentException notPredictor =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BaggingClassifier().setBaseEstimator(new StandardScaler()));
    assertTrue(
        notPredictor.getMessage().contains("Param baseEstimator must be a Spark ML Predictor"),
        notPredictor.getMessage());
    assertTrue(notPredictor.getMessage().contains("StandardScaler"));

    IllegalArgumentException members =
        assertThrows(
            IllegalArgumentException.class, () -> new BaggingClassifier().setNumMembers(0));
    assertEquals("Param numMembers must be >= 1 but is 0.", members.getMessage());
    for (double bad : new double[] {0.0, 1.5, -0.1}) {
      IllegalArgumentException f =
          assertThrows(
              IllegalArgumentException.class, () -> new BaggingClassifier().setSampleFraction(bad));
      assertEquals("Param sampleFraction must be in (0, 1] but is " + bad + ".", f.getMessage());
      IllegalArgumentException g =
          assertThrows(
              IllegalArgumentException.class,
              () -> new BaggingClassifier().setFeatureFraction(bad));
      assertEquals("Param featureFraction must be in (0, 1] but is " + bad + ".", g.getMessage());
    }

    Dataset<Row> oneClass = binary().filter("label = 1");
    IllegalArgumentException single =
        assertThrows(IllegalArgumentException.class, () -> trees().fit(oneClass));
    assertTrue(
        single
            .getMessage()
            .startsWith(
                "BaggingClassifier needs at least 2 classes in column 'label' (param labelCol) but the"
                    + " training data has only class 1.0"),
        single.getMessage());
  }

  @Test
  void failingMemberIsNamed() {
    Dataset<Row> df = binary();
    // a 3-input network cannot take the 2 features each member sees
    MultilayerPerceptronClassifier mlp =
        new MultilayerPerceptronClassifier().setLayers(new int[] {3, 2}).setMaxIter(5);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new BaggingClassifier()
                    .setBaseEstimator(mlp)
                    .setNumMembers(2)
                    .setFeatureFraction(0.67)
                    .fit(df));
    assertTrue(
        e.getMessage()
            .startsWith("BaggingClassifier member 1 of 2 (MultilayerPerceptronClassifier "),
        e.getMessage());
    assertTrue(e.getMessage().contains("failed: "), e.getMessage());
    assertNotNull(e.getCause());
  }
}
