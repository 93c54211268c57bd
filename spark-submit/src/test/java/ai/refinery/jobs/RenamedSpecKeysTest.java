package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.neural.NeuralClassifier;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.junit.jupiter.api.Test;

/**
 * Renamed spec keys and estimator params are still read under their old names; the registry of
 * Refinery's learners is StageCatalog's.
 */
class RenamedSpecKeysTest {
  private static final String TUNE =
      "name: t\ninput: {table: /x}\nlabel: y\nestimator: {type: logistic-regression}\n";

  @Test
  void maxParallelTrialsIsReadAsParallelism() {
    JobSpec s =
        SpecLoader.parse(
            TUNE + "tuning: {maxTrials: 4, maxParallelTrials: 2}\n", false, List.of(), "t.yaml");
    assertEquals(2, s.tuning().parallelism());
    JobSpec viaSet =
        SpecLoader.parse(
            TUNE + "tuning: {maxTrials: 4}\n",
            false,
            List.of("tuning.maxParallelTrials=3"),
            "t.yaml");
    assertEquals(3, viaSet.tuning().parallelism());
    assertEquals(
        2,
        SpecLoader.parse(
                TUNE + "tuning: {maxTrials: 4, parallelism: 2}\n", false, List.of(), "t.yaml")
            .tuning()
            .parallelism());
  }

  @Test
  void bothNamesAreAnError() {
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    SpecLoader.parse(
                        TUNE + "tuning: {maxParallelTrials: 2, parallelism: 2}\n",
                        false,
                        List.of(),
                        "t.yaml"))
            .getMessage();
    assertTrue(m.contains("'tuning.maxParallelTrials'") && m.contains("'tuning.parallelism'"), m);
  }

  @Test
  void oldNeuralParamNamesInEstimatorParams() {
    NeuralClassifier n =
        (NeuralClassifier)
            Estimators.create(
                new JobSpec.Estimator(
                    "neural-classifier", Map.of("layers", List.of(8, 4), "maxRuntime", 30)),
                "y",
                "f");
    assertArrayEquals(new int[] {8, 4}, n.getHiddenLayers());
    assertEquals(30.0, n.getMaxRuntimeSeconds());
  }

  @Test
  void everyLearnerOfTheCatalogIsAJobEstimator() {
    for (String name : StageCatalog.jobEstimators()) {
      assertTrue(Estimators.names().contains(name), name);
      Estimator<?> e = Estimators.create(new JobSpec.Estimator(name, null), "y", "f");
      assertEquals(StageCatalog.all().get(name), e.getClass(), name);
    }
    assertTrue(Estimators.names().contains("logistic-regression"));
    assertTrue(Estimators.names().contains("xgboost4j-classifier"));
  }
}
