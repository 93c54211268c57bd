package ai.refinery.estimators.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.JavaParams;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

public class ParamSpecsTest {
  enum Mode {
    FAST,
    RAWPREDICTION
  }

  /** A bare Params owner for the factories (Spark finds params through public accessors). */
  public static final class Owner extends JavaParams {
    private static final long serialVersionUID = 1L;
    final Param<String> mode = ParamSpecs.enumParam(this, "mode", "how", Mode.class);
    final IntParam numFolds = ParamSpecs.numFolds(this);
    final IntParam parallelism = ParamSpecs.parallelism(this);

    public Param<String> mode() {
      return mode;
    }

    public IntParam numFolds() {
      return numFolds;
    }

    public IntParam parallelism() {
      return parallelism;
    }

    @Override
    public String uid() {
      return "owner";
    }

    @Override
    public Params copy(ParamMap extra) {
      return defaultCopy(extra);
    }
  }

  @Test
  void enumParamNamesTheAllowedValues() {
    Owner o = new Owner();
    o.set(o.mode, "rawprediction");
    assertEquals("rawprediction", o.getOrDefault(o.mode));
    assertEquals(Mode.RAWPREDICTION, ParamSpecs.enumValue(Mode.class, "rawprediction"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.set(o.mode, "slow"));
    assertEquals("Param mode must be one of: fast, rawprediction but is slow.", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.set(o.mode, "rawPrediction"));
    assertEquals(
        "Param mode must be one of: fast, rawprediction but is rawPrediction; write it as"
            + " 'rawprediction'.",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.set(o.mode, null));
    assertEquals("Param mode must be one of: fast, rawprediction but is null.", e.getMessage());
  }

  @Test
  void countsNameTheParamAndTheLimit() {
    Owner o = new Owner();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.set(o.numFolds, 1));
    assertEquals("Param numFolds must be >= 2 but is 1.", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.set(o.parallelism, 0));
    assertEquals("Param parallelism must be >= 1 but is 0.", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParamCheck.open("validationFraction", 0, 1).apply(1.0));
    assertEquals("Param validationFraction must be in (0, 1) but is 1.0.", e.getMessage());
    assertEquals(Boolean.TRUE, ParamCheck.open("validationFraction", 0, 1).apply(0.2));
  }
}
