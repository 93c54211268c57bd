package ai.refinery.tuning.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.spark.TrialRecord;
import ai.refinery.tuning.spark.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTunerTest {
  @TempDir Path tmp;

  /** A training "script": loss curve on stdout, objective (x-2)^2, exit 3 when HP_MODE=crash. */
  private Path script() throws Exception {
    Path s = tmp.resolve("train.sh");
    Files.writeString(
        s,
        "#!/bin/sh\n"
            + "x=''\n"
            + "while [ $# -gt 0 ]; do case \"$1\" in --x) x=\"$2\"; shift 2;; *) shift 2;; esac; done\n"
            + "for i in 1 2 3; do echo \"epoch $i val_loss=$(awk -v x=$x -v i=$i 'BEGIN{print (x-2)^2 + 1/i}')\"; done\n"
            + "echo \"final objective=$(awk -v x=$x 'BEGIN{print (x-2)^2}')\"\n"
            + "if [ \"$HP_MODE\" = crash ]; then echo 'out of memory' >&2; exit 3; fi\n"
            + "if [ \"$HP_MODE\" = hang ]; then sleep 30; fi\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  /** Random search, seed 5, 2 trials at a time, job "cmd-1" recorded in {@code history}. */
  private static CommandTuner.Result randomSearch(
      SearchSpace space, CommandSpec spec, String history, int maxTrials) {
    return new CommandTuner(space, Direction.MINIMIZE, spec)
        .setStrategy("random")
        .setSeed(5)
        .setMaxTrials(maxTrials)
        .setParallelism(2)
        .setHistoryPath(history)
        .setJobId("cmd-1")
        .run(SparkTestSession.get());
  }

  @Test
  void commandTrialsRunAsSparkTasksWithFailuresRecorded() throws Exception {
    SearchSpace space =
        SearchSpace.of(new ContinuousRange("x", 0, 4), CategoricalRange.of("mode", "ok", "crash"));
    CommandSpec spec =
        CommandSpec.of(List.of("/bin/sh", script().toString()), "objective=([-0-9.eE+]+)")
            .withIntermediateRegex("val_loss=([-0-9.eE+]+)");
    String history = SparkTestSession.newDir("cmd-history").resolve("t").toString();
    CommandTuner.Result r = randomSearch(space, spec, history, 4);
    assertEquals(4, r.trials().size());
    for (TrialRecord t : r.trials()) {
      if (t.params().contains("crash")) {
        assertEquals(TrialStatus.FAILED, t.status());
        assertTrue(
            t.error().startsWith("exit code 3; last output:")
                && t.error().contains("out of memory"),
            t.error());
        assertNull(t.objective());
      } else {
        assertEquals(TrialStatus.COMPLETED, t.status(), t.error());
        double x = Double.parseDouble(t.params().replaceAll(".*\"x\":([-0-9.eE]+).*", "$1"));
        assertEquals((x - 2) * (x - 2), t.objective(), 1e-4);
        assertEquals(3, t.intermediate().size());
        assertEquals((x - 2) * (x - 2) + 1, t.intermediate().get(0), 1e-4);
      }
    }
    assertTrue(r.trials().stream().anyMatch(t -> t.status() == TrialStatus.FAILED));
    assertTrue(r.commandResults().get(0).log().contains("epoch 1 val_loss="));
    TrialRecord best = r.best().orElseThrow();
    assertEquals(TrialStatus.COMPLETED, best.status());
    // resume: the 4 finished trials are kept and only 1 new one runs
    CommandTuner.Result again = randomSearch(space, spec, history, 5);
    assertEquals(5, again.trials().size());
    assertEquals(1, again.commandResults().size());
  }

  @Test
  void timeoutsAndBadSpecs() throws Exception {
    CommandTask task =
        new CommandTask(
            CommandSpec.of(List.of("/bin/sh", script().toString()), "objective=([-0-9.eE+]+)")
                .withTimeoutSeconds(1));
    CommandResult hung = task.run(0, Map.of("x", 1.0, "mode", "hang"));
    assertEquals(TrialStatus.FAILED, hung.status());
    assertEquals("timed out after 1.0s (timeoutSeconds); the process was killed", hung.error());
    assertTrue(hung.endMs() - hung.startMs() < 10_000);
    CommandResult noMatch =
        new CommandTask(CommandSpec.of(List.of("/bin/echo", "hello"), "loss=([0-9.]+)"))
            .run(1, Map.of("x", 1.0));
    assertEquals(
        "no output line matched objectiveRegex 'loss=([0-9.]+)' (or its group is not a "
            + "number); last output: hello --x 1.0",
        noMatch.error());
    CommandResult missing =
        new CommandTask(CommandSpec.of(List.of("/no/such/program"), "loss=([0-9.]+)"))
            .run(2, Map.of());
    assertTrue(missing.error().startsWith("cannot start [/no/such/program]"), missing.error());
    assertEquals(
        "objectiveRegex 'loss=[0-9.]+' has no capturing group; wrap the number in "
            + "parentheses, e.g. \"loss=([-0-9.eE+]+)\"",
        assertThrows(
                IllegalArgumentException.class, () -> CommandSpec.of(List.of("x"), "loss=[0-9.]+"))
            .getMessage());
  }
}
