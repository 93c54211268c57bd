package ai.refinery.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocAucTest {
  @Test
  void tiesCountHalf() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.4};
    double[] y = {0, 0, 1, 1, 1};
    // pairs (pos, neg): (0.35: >0.1, <0.4) 1, (0.8) 2, (0.4: >0.1, tie 0.4) 1.5 -> 4.5 / 6
    assertEquals(0.75, RocAuc.of(s, y), 1e-12);
    assertEquals(0.75, RocAuc.weighted(s, y, new double[] {1, 1, 1, 1, 1}), 1e-12);
  }

  @Test
  void weightsCountPairs() {
    double[] s = {0.3, 0.5, 0.7};
    double[] y = {1, 0, 1};
    // the misranked pair (0.3, 0.5) weighs 3 x 1, the right one (0.7, 0.5) 1 x 1
    assertEquals(0.25, RocAuc.weighted(s, y, new double[] {3, 1, 1}), 1e-12);
    assertEquals(0.5, RocAuc.of(s, y), 1e-12);
  }

  @Test
  void oneClassHasNoAuc() {
    assertTrue(Double.isNaN(RocAuc.of(new double[] {0.1, 0.2}, new double[] {1, 1})));
    assertTrue(Double.isNaN(RocAuc.of(new double[] {0.1, 0.2}, new double[] {0, 0})));
  }
}
