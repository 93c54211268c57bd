package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.space.SpaceSpec;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.junit.jupiter.api.Test;

/** Issue 15, item 4: the direction key of a search space JSON, and setSearchSpace(SearchSpace). */
class TunerDirectionTest {
  private static final String RANGES =
      "\"params\": [{\"name\": \"regParam\", \"min\": 0.001, \"max\": 1, \"scaling\": \"log\"}]";

  @Test
  void setSearchSpaceOfRangesLeavesTheDirectionToTheEvaluator() {
    SearchSpace s = SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1));
    HyperparameterTuner auc =
        new HyperparameterTuner()
            .setSearchSpace(s)
            .setEvaluator(new BinaryClassificationEvaluator());
    assertFalse(auc.getSearchSpace().contains("direction"), auc.getSearchSpace());
    assertEquals(Direction.MAXIMIZE, auc.resolvedDirection());
    HyperparameterTuner rmse =
        new HyperparameterTuner().setSearchSpace(s).setEvaluator(new RegressionEvaluator());
    assertEquals(Direction.MINIMIZE, rmse.resolvedDirection());
  }

  @Test
  void aDirectionKeyInTheSpaceIsHonoured() {
    // the evaluator alone would say minimize; the space says maximize
    HyperparameterTuner t =
        new HyperparameterTuner()
            .setSearchSpace("{\"direction\": \"maximize\", " + RANGES + "}")
            .setEvaluator(new RegressionEvaluator());
    assertEquals(Direction.MAXIMIZE, t.resolvedDirection());
    HyperparameterTuner spec =
        new HyperparameterTuner()
            .setSearchSpace(
                new SpaceSpec(
                    Direction.MAXIMIZE, SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1))))
            .setEvaluator(new RegressionEvaluator());
    assertEquals(Direction.MAXIMIZE, spec.resolvedDirection());
    // agreeing with the direction param is fine
    assertEquals(Direction.MAXIMIZE, t.setDirection("maximize").resolvedDirection());
  }

  @Test
  void aSpaceDirectionContradictingTheDirectionParamIsAnError() {
    HyperparameterTuner t =
        new HyperparameterTuner()
            .setSearchSpace("{\"direction\": \"minimize\", " + RANGES + "}")
            .setEvaluator(new BinaryClassificationEvaluator())
            .setDirection("maximize");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::resolvedDirection);
    assertEquals(
        "searchSpace declares \"direction\": \"minimize\" but the direction param is "
            + "'maximize'; remove one of them or make them agree",
        e.getMessage());
  }
}
