package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  /** What a progress bar prints for {@code events}, on a terminal or off one. */
  private static String render(boolean terminal, TrainingEvent... events) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ConsoleProgress p =
        new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), terminal);
    for (TrainingEvent e : events) {
      p.onEvent(e);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** The last event of {@code e}'s run, at {@code step}. */
  private static TrainingEvent last(
      TrainingEvent e, int step, Map<String, Double> metrics, String reason) {
    return TrainingEvent.finished(
        e.runId(), e.source(), e.kind(), step, e.total(), metrics, reason);
  }

  @Test
  void barShowsStepTotalBestAndEta() {
    String[] lines =
        render(
                false,
                TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 1, 4, Map.of("auc", 0.91)),
                TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 2, 4, Map.of("auc", 0.95)),
                TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 3, 4, Map.of("auc", 0.93)),
                TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 3, 40, Map.of("loss", 0.3)),
                TrainingEvent.finished(
                    "tune-1", "Tuner", StepKind.TRIAL, 4, 4, Map.of("auc", 0.90), "budget used"))
            .split("\n");
    assertEquals(4, lines.length, "epochs are not printed line by line off a terminal");
    assertTrue(
        lines[0].startsWith("trial 1/4 [######..................] best auc 0.9100 ETA"), lines[0]);
    assertTrue(lines[2].contains("best auc 0.9500"), lines[2]);
    assertTrue(
        lines[3].startsWith("trial 4/4 [########################] best auc 0.9500 - budget used"),
        lines[3]);
  }

  @Test
  void lossesAreMinimised() {
    String out =
        render(
            true,
            TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 1, 10, Map.of("val_loss", 0.5)),
            TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 2, 10, Map.of("val_loss", 0.7)));
    assertTrue(out.contains("\repoch 2/10 [#####...................] best val_loss 0.5000"), out);
  }

  @Test
  void crossValidationShowsTheRunningMeanNotTheFoldIndex() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("fold", 4.0);
    m.put("areaUnderROC", 0.9954);
    m.put("bestParamIndex", 0.0);
    TrainingEvent fold5 = TrainingEvent.step("cv-1", "FoldCrossValidator", StepKind.FOLD, 5, 5, m);
    TrainingEvent done = last(fold5, 5, Map.of("areaUnderROC", 0.9954), "all folds done");
    String[] lines = render(false, fold5, done).split("\n");
    assertEquals("fold 5/5 [########################] mean areaUnderROC 0.9954", lines[0]);
    assertEquals(
        "fold 5/5 [########################] mean areaUnderROC 0.9954 - all folds done", lines[1]);
  }

  @Test
  void tuningShowsTheTunersBestOnceAndNoStepPastTheTotal() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("areaUnderROC", 0.95);
    m.put("best", 0.9957);
    TrainingEvent trial1 =
        TrainingEvent.step("t-1", "HyperparameterTuner", StepKind.TRIAL, 1, 2, m);
    TrainingEvent done = last(trial1, 6, Map.of("best", 0.9957), "finished");
    String[] lines = render(false, trial1, done).split("\n");
    assertTrue(
        lines[0].startsWith("trial 1/2 [############............] best areaUnderROC 0.9957"),
        lines[0]);
    assertEquals("trial 6 best areaUnderROC 0.9957 - finished", lines[1]);
  }

  @Test
  void durations() {
    assertEquals("42s", ConsoleProgress.duration(42));
    assertEquals("2m05s", ConsoleProgress.duration(125));
    assertEquals("1h01m", ConsoleProgress.duration(3660));
  }
}
