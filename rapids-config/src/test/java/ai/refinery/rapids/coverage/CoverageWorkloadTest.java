package ai.refinery.rapids.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Building the workload's steps (no Spark needed: plans are built lazily). */
class CoverageWorkloadTest {

  @Test
  void stepsFollowTheJob() {
    List<CoverageStep> steps =
        CoverageWorkload.table("/t")
            .prepare(UnaryOperator.identity())
            .assemble(UnaryOperator.identity())
            .folds(FoldAssignment.hash("id", 1), "fold", 3)
            .predict(UnaryOperator.identity())
            .writePredictions("/p")
            .steps(null);
    assertEquals(
        List.of(
            "scan + prepare",
            "assign folds",
            "fold sizes and label mean",
            "cv split fold 0: train",
            "cv split fold 0: validation",
            "assemble vectors",
            "assemble after shuffle",
            "predict",
            "write predictions to Delta"),
        steps.stream().map(CoverageStep::name).toList());
    assertEquals(
        List.of(
            Stage.PREPARATION,
            Stage.FOLD_ASSIGNMENT,
            Stage.CV_SPLIT,
            Stage.CV_SPLIT,
            Stage.CV_SPLIT,
            Stage.VECTOR_ASSEMBLY,
            Stage.VECTOR_ASSEMBLY,
            Stage.PREDICTION,
            Stage.WRITE),
        steps.stream().map(CoverageStep::stage).toList());
    assertEquals(1, steps.stream().filter(s -> s.action() != null).count());
    assertEquals(
        List.of("scan + prepare"),
        CoverageWorkload.table("/t").prepare(UnaryOperator.identity()).steps(null).stream()
            .map(CoverageStep::name)
            .toList());
  }

  @Test
  void missingPiecesAreClearErrors() {
    assertEquals(
        "CoverageWorkload needs prepare(...): the featurizer's built-in-expression"
            + " preparation, e.g. TabularFeaturizerModel::prepare.",
        assertThrows(IllegalArgumentException.class, () -> CoverageWorkload.table("/t").steps(null))
            .getMessage());
    assertEquals(
        "CoverageWorkload: predict/writePredictions need assemble(...), the step that"
            + " builds the features vector.",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    CoverageWorkload.table("/t")
                        .prepare(UnaryOperator.identity())
                        .predict(UnaryOperator.identity())
                        .steps(null))
            .getMessage());
    assertEquals(
        "CoverageWorkload: writePredictions needs predict(...).",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    CoverageWorkload.table("/t")
                        .prepare(UnaryOperator.identity())
                        .assemble(UnaryOperator.identity())
                        .writePredictions("/p")
                        .steps(null))
            .getMessage());
  }
}
