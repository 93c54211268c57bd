package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  @Test
  void barShowsStepTotalBestAndEta() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
    p.onEvent(TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 1, 4, Map.of("auc", 0.91)));
    p.onEvent(TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 2, 4, Map.of("auc", 0.95)));
    p.onEvent(TrainingEvent.step("tune-1", "Tuner", StepKind.TRIAL, 3, 4, Map.of("auc", 0.93)));
    p.onEvent(TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 3, 40, Map.of("loss", 0.3)));
    p.onEvent(TrainingEvent.finished("tune-1", "Tuner", StepKind.TRIAL, 4, 4, Map.of("auc", 0.90),
        "budget used"));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length, "epochs are not printed line by line off a terminal");
    assertTrue(lines[0].startsWith("trial 1/4 [######..................] best auc 0.9100 ETA"), lines[0]);
    assertTrue(lines[2].contains("best auc 0.9500"), lines[2]);
    assertTrue(lines[3].startsWith("trial 4/4 [########################] best auc 0.9500 - budget used"),
        lines[3]);
  }

  @Test
  void lossesAreMinimised() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
    p.onEvent(TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 1, 10, Map.of("val_loss", 0.5)));
    p.onEvent(TrainingEvent.step("nn-1", "Neural", StepKind.EPOCH, 2, 10, Map.of("val_loss", 0.7)));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("\repoch 2/10 [#####...................] best val_loss 0.5000"), out);
  }

  @Test
  void durations() {
    assertEquals("42s", ConsoleProgress.duration(42));
    assertEquals("2m05s", ConsoleProgress.duration(125));
    assertEquals("1h01m", ConsoleProgress.duration(3660));
  }
}
