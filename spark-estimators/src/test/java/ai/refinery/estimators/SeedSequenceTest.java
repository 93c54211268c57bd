package ai.refinery.estimators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeedSequenceTest {
  @Test
  void sameRootSameChildrenDifferentRootDifferentChildren() {
    assertArrayEquals(new SeedSequence(42).children(5), new SeedSequence(42).children(5));
    assertNotEquals(new SeedSequence(42).child(0), new SeedSequence(43).child(0));
    long[] c = new SeedSequence(0).children(1000);
    assertEquals(1000, Arrays.stream(c).distinct().count());
    assertEquals(new SeedSequence(42).child(3), new SeedSequence(42).children(5)[3]);
  }

  @Test
  void spawnedSequencesDifferFromTheParent() {
    SeedSequence s = new SeedSequence(1);
    assertNotEquals(s.child(0), s.spawn(0).child(0));
    assertNotEquals(s.spawn(0).child(0), s.spawn(1).child(0));
  }
}
