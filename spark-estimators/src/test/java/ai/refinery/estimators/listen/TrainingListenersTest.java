package ai.refinery.estimators.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingListenersTest {
  private static TrainingEvent epoch(int k) {
    return TrainingEvent.step("fit-1", "Test", StepKind.EPOCH, k, 10, Map.of("loss", 1.0 / k));
  }

  @Test
  void nestedScopesAllHearAndAnyCanStop() {
    List<String> log = new ArrayList<>();
    Decision d =
        TrainingListeners.with(
            e -> {
              log.add("outer" + e.step());
              return Decision.CONTINUE;
            },
            () ->
                TrainingListeners.with(
                    e -> {
                      log.add("inner" + e.step());
                      return e.metric("loss") < 0.3 ? Decision.STOP : Decision.CONTINUE;
                    },
                    () -> TrainingListeners.emit(epoch(4))));
    assertEquals(Decision.STOP, d);
    assertEquals(List.of("outer4", "inner4"), log);
  }

  @Test
  void aFailingListenerDoesNotStopTraining() {
    Decision d =
        TrainingListeners.with(
            e -> {
              throw new IllegalStateException("progress bar broke");
            },
            () -> TrainingListeners.emit(epoch(1)));
    assertEquals(Decision.CONTINUE, d);
  }

  @Test
  void globalListenersHearEverythingUntilRemoved() {
    List<Integer> steps = new ArrayList<>();
    TrainingListener l =
        e -> {
          steps.add(e.step());
          return null;
        };
    TrainingListeners.addGlobal(l);
    try {
      TrainingListeners.emit(epoch(1));
      TrainingListeners.emit(epoch(2));
    } finally {
      TrainingListeners.removeGlobal(l);
    }
    TrainingListeners.emit(epoch(3));
    assertEquals(List.of(1, 2), steps);
  }

  @Test
  void eventsCarryMetricsAndStopReason() {
    TrainingEvent e =
        TrainingEvent.finished(
            "fit-2",
            "Test",
            StepKind.EPOCH,
            7,
            10,
            Map.of("val_loss", 0.25),
            "patience 3 exhausted");
    assertTrue(e.finished());
    assertEquals(0.25, e.metric("val_loss"));
    assertTrue(Double.isNaN(e.metric("absent")));
    assertEquals("patience 3 exhausted", e.message());
  }
}
