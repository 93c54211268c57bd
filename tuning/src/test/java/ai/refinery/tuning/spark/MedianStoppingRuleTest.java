package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.tuning.space.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {
  @Test
  void stopsTrialsBehindTheMedianOfRunningAverages() {
    MedianStoppingRule rule = new MedianStoppingRule(Direction.MAXIMIZE, 3);
    rule.addCompleted(List.of(0.80, 0.82, 0.84));
    rule.addCompleted(List.of(0.70, 0.72, 0.74));
    assertFalse(rule.shouldStop(List.of(0.1)), "needs 3 completed trials first");
    rule.addCompleted(List.of(0.90, 0.91, 0.92));
    // running averages at step 1: 0.80, 0.70, 0.90 -> median 0.80
    assertTrue(rule.shouldStop(List.of(0.79)));
    assertFalse(rule.shouldStop(List.of(0.81)));
    // step 2: averages 0.81, 0.71, 0.905 -> median 0.81; best so far counts, not the last value
    assertFalse(rule.shouldStop(List.of(0.82, 0.50)));
    assertTrue(rule.shouldStop(List.of(0.60, 0.805)));
    // minimisation flips the comparison
    MedianStoppingRule min = new MedianStoppingRule(Direction.MINIMIZE, 1);
    min.addCompleted(List.of(1.0, 0.5));
    assertTrue(min.shouldStop(List.of(1.5)));
    assertFalse(min.shouldStop(List.of(0.9)));
    assertFalse(min.shouldStop(List.of(2.0, 2.0, 2.0)), "no completed trial reached step 3");
  }
}
