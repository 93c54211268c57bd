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
    LogisticRegression lr =
        (LogisticRegression)
            Estimators.create(
                new JobSpec.Estimator(
                    "logistic-regression",
                    Map.of("regParam", 0.5, "maxIter", 7, "family", "binomial")),
                "y",
                "f");
    assertEquals(0.5, lr.getRegParam());
    assertEquals(7, lr.getMaxIter());
    assertEquals("binomial", lr.getFamily());
    assertEquals("y", lr.getLabelCol());
    assertEquals("f", lr.getFeaturesCol());
  }

  @Test
  void errorsNameTheKeyAndWhatIsExpected() {
    String unknown =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(new JobSpec.Estimator("logistic-regresion", null), "y", "f"))
            .getMessage();
    assertTrue(
        unknown.startsWith(
            "Unknown estimator.type 'logistic-regresion'. Known: logistic-regression"),
        unknown);
    String param =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator("logistic-regression", Map.of("regparam", 1)),
                        "y",
                        "f"))
            .getMessage();
    assertTrue(
        param.startsWith(
            "Unknown param 'regparam' (estimator.params.regparam) for"
                + " LogisticRegression. Its params: aggregationDepth"),
        param);
    String invalid =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator("logistic-regression", Map.of("regParam", -1)),
                        "y",
                        "f"))
            .getMessage();
    assertTrue(
        invalid.startsWith(
            "Value -1 of estimator.params.regParam is invalid for"
                + " LogisticRegression.regParam"),
        invalid);
    String type =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator("logistic-regression", Map.of("maxIter", "many")),
                        "y",
                        "f"))
            .getMessage();
    assertTrue(
        type.startsWith("Value many of estimator.params.maxIter does not fit param maxIter"), type);
  }

  @Test
  void nestedEstimatorsAndListsOfThem() {
    var stacking =
        (ai.refinery.ensembles.StackingClassifier)
            Estimators.create(
                new JobSpec.Estimator(
                    "stacking-classifier",
                    Map.of(
                        "baseEstimators",
                            java.util.List.of(
                                Map.of(
                                    "type",
                                    "logistic-regression",
                                    "params",
                                    Map.of("regParam", 0.1)),
                                Map.of(
                                    "type",
                                    "random-forest-classifier",
                                    "params",
                                    Map.of("numTrees", 5))),
                        "metaEstimator", Map.of("type", "logistic-regression"))),
                "y",
                "f");
    var bases = stacking.getOrDefault(stacking.baseEstimators());
    assertEquals(2, bases.length);
    assertEquals(0.1, ((LogisticRegression) bases[0]).getRegParam());
    assertEquals("y", ((LogisticRegression) bases[0]).getLabelCol());
    String bad =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator(
                            "adaboost-classifier",
                            Map.of(
                                "baseEstimator",
                                Map.of("type", "decision-tree-classifier", "parms", Map.of()))),
                        "y",
                        "f"))
            .getMessage();
    assertEquals(
        "Unknown key 'estimator.params.baseEstimator.parms': a nested estimator has only"
            + " type and params",
        bad);
  }

  private static Object inner(ai.refinery.ensembles.RefineryXGBoostClassifier x, String name) {
    var inner = x.getXgboost();
    return inner.getOrDefault(inner.getParam(name));
  }

  @Test
  void xgboostParamsGoToTheWrappedEstimatorInAnySpelling() {
    var x =
        (ai.refinery.ensembles.RefineryXGBoostClassifier)
            Estimators.create(
                new JobSpec.Estimator(
                    "xgboost-classifier",
                    Map.of(
                        "numRound",
                        200,
                        "max_depth",
                        6,
                        "eta",
                        0.1,
                        "minChildWeight",
                        2,
                        "validationFold",
                        1)),
                "y",
                "f");
    assertEquals(200, inner(x, "numRound"));
    assertEquals(6, inner(x, "max_depth"));
    assertEquals(0.1, inner(x, "eta"));
    assertEquals(2.0, inner(x, "min_child_weight"));
    assertEquals("y", inner(x, "labelCol"));
    assertEquals("f", inner(x, "featuresCol"));
    assertEquals(1, x.getValidationFold(), "the wrapper's own params stay on the wrapper");
    var aliases =
        (ai.refinery.ensembles.RefineryXGBoostClassifier)
            Estimators.create(
                new JobSpec.Estimator(
                    "xgboost-classifier",
                    Map.of("maxDepth", 3, "learning_rate", 0.2, "n_estimators", 50)),
                "y",
                "f");
    assertEquals(3, inner(aliases, "max_depth"));
    assertEquals(0.2, inner(aliases, "eta"));
    assertEquals(50, inner(aliases, "numRound"));
    // the nested form still works, and the job's label reaches it
    var nested =
        (ai.refinery.ensembles.RefineryXGBoostClassifier)
            Estimators.create(
                new JobSpec.Estimator(
                    "xgboost-classifier",
                    Map.of(
                        "xgboost",
                        Map.of("type", "xgboost4j-classifier", "params", Map.of("max_depth", 4)))),
                "y",
                "f");
    assertEquals(4, inner(nested, "max_depth"));
    assertEquals("y", inner(nested, "labelCol"));
    String bad =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator("xgboost-classifier", Map.of("max_dept", 3)),
                        "y",
                        "f"))
            .getMessage();
    assertTrue(
        bad.startsWith(
            "Unknown param 'max_dept' (estimator.params.max_dept) for"
                + " RefineryXGBoostClassifier and the XGBoost estimator it wraps. Its params: foldCol,"
                + " validationFold, validationIndicatorCol, xgboost; XGBoost's: "),
        bad);
    String invalid =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Estimators.create(
                        new JobSpec.Estimator("xgboost-classifier", Map.of("max_depth", -2)),
                        "y",
                        "f"))
            .getMessage();
    assertTrue(
        invalid.startsWith("Value -2 of estimator.params.max_depth is invalid for"), invalid);
  }

  @Test
  void aTuningSpaceAndJavaNameXGBoostParamsOnTheWrapper() {
    var x = new ai.refinery.ensembles.RefineryXGBoostClassifier().setXgboostParam("maxDepth", 5);
    assertEquals(5, inner(x, "max_depth"));
    assertTrue(x.hasParam("max_depth") && x.hasParam("eta") && !x.hasParam("max_dept"));
    var space =
        ai.refinery.tuning.space.SpaceSpec.fromJson(
            "{\"params\": [{\"name\":"
                + " \"stages[1].max_depth\", \"type\": \"integer\", \"min\": 2, \"max\": 8}, {\"name\":"
                + " \"stages[1].learning_rate\", \"type\": \"continuous\", \"min\": 0.01, \"max\": 0.3}]}");
    var pipeline =
        new org.apache.spark.ml.Pipeline()
            .setStages(
                new org.apache.spark.ml.PipelineStage[] {
                  new ai.refinery.estimators.feature.TabularFeaturizer(), x
                });
    var binder = ai.refinery.tuning.spark.ParamBinder.bind(pipeline, space.space());
    var map = binder.paramMap(Map.of("stages[1].max_depth", 7, "stages[1].learning_rate", 0.05));
    var copy = (ai.refinery.ensembles.RefineryXGBoostClassifier) x.copy(map);
    assertEquals(7, inner(copy, "max_depth"), "a ParamMap on the wrapper reaches XGBoost");
    assertEquals(0.05, inner(copy, "eta"));
    assertEquals(5, inner(x, "max_depth"), "the original is unchanged");
  }
}
