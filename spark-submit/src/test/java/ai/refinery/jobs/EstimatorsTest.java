package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.spec.JobSpec;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.junit.jupiter.api.Test;

class EstimatorsTest {
  @Test
  void createsAndConfiguresByShortName() {
    LogisticRegression lr = (LogisticRegression) Estimators.create(new JobSpec.Estimator(
        "logistic-regression", Map.of("regParam", 0.5, "maxIter", 7, "family", "binomial")), "y", "f");
    assertEquals(0.5, lr.getRegParam());
    assertEquals(7, lr.getMaxIter());
    assertEquals("binomial", lr.getFamily());
    assertEquals("y", lr.getLabelCol());
    assertEquals("f", lr.getFeaturesCol());
  }

  @Test
  void errorsNameTheKeyAndWhatIsExpected() {
    String unknown = assertThrows(IllegalArgumentException.class, () -> Estimators.create(
        new JobSpec.Estimator("logistic-regresion", null), "y", "f")).getMessage();
    assertTrue(unknown.startsWith("Unknown estimator.type 'logistic-regresion'. Known: logistic-regression"),
        unknown);
    String param = assertThrows(IllegalArgumentException.class, () -> Estimators.create(
        new JobSpec.Estimator("logistic-regression", Map.of("regparam", 1)), "y", "f")).getMessage();
    assertTrue(param.startsWith("Unknown param 'regparam' (estimator.params.regparam) for"
        + " LogisticRegression. Its params: aggregationDepth"), param);
    String invalid = assertThrows(IllegalArgumentException.class, () -> Estimators.create(
        new JobSpec.Estimator("logistic-regression", Map.of("regParam", -1)), "y", "f")).getMessage();
    assertTrue(invalid.startsWith("Value -1 of estimator.params.regParam is invalid for"
        + " LogisticRegression.regParam"), invalid);
    String type = assertThrows(IllegalArgumentException.class, () -> Estimators.create(
        new JobSpec.Estimator("logistic-regression", Map.of("maxIter", "many")), "y", "f")).getMessage();
    assertTrue(type.startsWith("Value many of estimator.params.maxIter does not fit param maxIter"), type);
  }

  @Test
  void nestedEstimatorsAndListsOfThem() {
    var stacking = (ai.refinery.ensembles.StackingClassifier) Estimators.create(
        new JobSpec.Estimator("stacking-classifier", Map.of(
            "baseEstimators", java.util.List.of(
                Map.of("type", "logistic-regression", "params", Map.of("regParam", 0.1)),
                Map.of("type", "random-forest-classifier", "params", Map.of("numTrees", 5))),
            "metaEstimator", Map.of("type", "logistic-regression"))), "y", "f");
    var bases = stacking.getOrDefault(stacking.baseEstimators());
    assertEquals(2, bases.length);
    assertEquals(0.1, ((LogisticRegression) bases[0]).getRegParam());
    assertEquals("y", ((LogisticRegression) bases[0]).getLabelCol());
    String bad = assertThrows(IllegalArgumentException.class, () -> Estimators.create(
        new JobSpec.Estimator("adaboost-classifier", Map.of("baseEstimator",
            Map.of("type", "decision-tree-classifier", "parms", Map.of()))), "y", "f")).getMessage();
    assertEquals("Unknown key 'estimator.params.baseEstimator.parms': a nested estimator has only"
        + " type and params", bad);
  }
}
