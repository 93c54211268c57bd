package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.refinery.estimators.params.HasNumFolds;
import ai.refinery.estimators.params.HasSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One default for one name: {@code numFolds} is 5 in every cv stage, and every {@code seed}
 * defaults to the hash of the stage's class name (Spark's rule, CONTRIBUTING.md).
 */
class DefaultsAcrossStagesTest {
  private static List<HasSeed> stages() {
    return List.of(
        new FoldCrossValidator(),
        new KFold(),
        new StratifiedKFold(),
        new GroupKFold(),
        new StratifiedGroupKFold(),
        new RepeatedStratifiedKFold(),
        new TrainValidationTestSplit());
  }

  @Test
  void numFoldsDefaultsToFive() {
    for (HasSeed s : stages()) {
      if (s instanceof HasNumFolds f) {
        assertEquals(5, f.getNumFolds(), s.getClass().getSimpleName() + ".numFolds");
      }
    }
  }

  @Test
  void seedDefaultsToTheClassNameHash() {
    for (HasSeed s : stages()) {
      assertEquals(
          (long) s.getClass().getName().hashCode(),
          s.getSeed(),
          s.getClass().getSimpleName() + ".seed");
    }
  }
}
