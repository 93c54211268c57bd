package ai.refinery.estimators.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {
  private static final List<String> KNOWN = List.of("max_depth", "eta", "numRound", "regParam");

  @Test
  void suggestsTheNearestIgnoringCaseAndUnderscores() {
    assertEquals("max_depth", ClosestName.of("max_dpeth", KNOWN));
    assertEquals("max_depth", ClosestName.of("maxDepht", KNOWN));
    assertEquals("numRound", ClosestName.of("num_rounds", KNOWN));
    assertEquals("regParam", ClosestName.of("regParm", KNOWN));
    assertEquals(" Did you mean 'eta'?", ClosestName.hint("etta", KNOWN));
  }

  @Test
  void nothingCloseGivesNoSuggestion() {
    assertNull(ClosestName.of("subsample", KNOWN));
    assertEquals("", ClosestName.hint("colsample_bytree", KNOWN));
    assertNull(ClosestName.of("x", List.of()));
  }
}
