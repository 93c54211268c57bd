package ai.refinery.estimators.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.SeedSequence;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelRunnerTest {
  private static List<Callable<Double>> tasks(long[] seeds) {
    List<Callable<Double>> out = new ArrayList<>();
    for (long s : seeds) {
      out.add(
          () -> {
            Thread.sleep(new Random(s).nextInt(20)); // finish out of order
            return new Random(s).nextDouble();
          });
    }
    return out;
  }

  @Test
  void resultsComeBackInSubmissionOrderWhateverTheParallelism() {
    long[] seeds = new SeedSequence(7).children(12);
    List<Double> one = ParallelRunner.run(1, tasks(seeds));
    List<Double> four = ParallelRunner.run(4, tasks(seeds));
    assertEquals(one, four);
    assertEquals(12, one.size());
  }

  @Test
  void runsAtMostParallelismTasksAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Callable<Integer>> t = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      t.add(
          () -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(15);
            running.decrementAndGet();
            return now;
          });
    }
    ParallelRunner.run(3, t);
    assertTrue(peak.get() <= 3 && peak.get() >= 2, "peak concurrency " + peak.get());
  }

  @Test
  void rethrowsTheTasksOwnException() {
    IllegalStateException boom = new IllegalStateException("member 3 failed: bad data");
    List<Callable<Integer>> t =
        List.of(
            () -> 1,
            () -> {
              throw boom;
            },
            () -> 3);
    assertSame(boom, assertThrows(IllegalStateException.class, () -> ParallelRunner.run(2, t)));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> ParallelRunner.run(1, t)));
  }

  @Test
  void rejectsParallelismBelowOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParallelRunner.run(0, List.of(() -> 1)));
    assertTrue(e.getMessage().contains("parallelism"), e.getMessage());
  }

  @Test
  void workerThreadsHearTheCallersScopedListeners() {
    ConcurrentLinkedQueue<Integer> heard = new ConcurrentLinkedQueue<>();
    List<Callable<Decision>> t = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      int step = i;
      t.add(
          () ->
              TrainingListeners.emit(
                  TrainingEvent.step("r", "test", StepKind.MEMBER, step, 4, Map.of())));
    }
    List<Decision> d =
        TrainingListeners.with(
            e -> {
              heard.add(e.step());
              return e.step() == 3 ? Decision.STOP : Decision.CONTINUE;
            },
            () -> ParallelRunner.run(2, t));
    assertEquals(
        List.of(Decision.CONTINUE, Decision.CONTINUE, Decision.STOP, Decision.CONTINUE), d);
    assertEquals(4, heard.size());
    // outside the scope nobody listens
    assertEquals(
        Decision.CONTINUE,
        TrainingListeners.emit(TrainingEvent.step("r", "test", StepKind.MEMBER, 3, 4, Map.of())));
  }
}
