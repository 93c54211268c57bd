package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

class ParamBinderTest {
  private final LogisticRegression lr = new LogisticRegression();
  private final Pipeline pipeline =
      new Pipeline()
          .setStages(
              new PipelineStage[] {
                new StandardScaler().setInputCol("features").setOutputCol("scaled"), lr
              });

  private static String err(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void bindsNestedPipelineParams() {
    SearchSpace s =
        SearchSpace.of(
            new ContinuousRange("stages[1].regParam", 0, 1),
            new IntegerRange("stages[1].maxIter", 1, 50),
            CategoricalRange.of("stages[0].withMean", true, false),
            CategoricalRange.of("stages[1].family", "auto", "binomial"));
    ParamBinder b = ParamBinder.bind(pipeline, s);
    ParamMap m =
        b.paramMap(
            Map.of(
                "stages[1].regParam",
                0.5,
                "stages[1].maxIter",
                7,
                "stages[0].withMean",
                true,
                "stages[1].family",
                "binomial"));
    Pipeline copy = pipeline.copy(m);
    LogisticRegression lr2 = (LogisticRegression) copy.getStages()[1];
    assertEquals(0.5, lr2.getRegParam());
    assertEquals(7, lr2.getMaxIter());
    assertEquals("binomial", lr2.getFamily());
    assertTrue(((StandardScaler) copy.getStages()[0]).getWithMean());
  }

  @Test
  void badNamesKindsAndValuesFailClearly() {
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(new ContinuousRange("regParm", 0, 1))))
            .startsWith("Range 'regParm': unknown param 'regParm' on LogisticRegression ("));
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(new ContinuousRange("regParm", 0, 1))))
            .contains("Its params: [aggregationDepth, elasticNetParam,"));
    assertEquals(
        "Range 'stages[5].regParam': the Pipeline has 2 stages (0..1), no stages[5]",
        err(
            () ->
                ParamBinder.bind(
                    pipeline, SearchSpace.of(new ContinuousRange("stages[5].regParam", 0, 1)))));
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(new ContinuousRange("maxIter", 1, 10))))
            .startsWith("Range 'maxIter' is continuous but param maxIter of LogisticRegression ("));
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(new ContinuousRange("maxIter", 1, 10))))
            .endsWith("is a IntParam; use an integer range or integer categories"));
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(CategoricalRange.of("regParam", "a", "b"))))
            .contains("use a continuous or integer range, or numeric categories"));
    assertTrue(
        err(() -> ParamBinder.bind(lr, SearchSpace.of(new ContinuousRange("regParam", -1, 1))))
            .startsWith("Range 'regParam': value -1.0 is not valid for param regParam"));
    assertTrue(
        err(() ->
                ParamBinder.bind(
                    lr, SearchSpace.of(CategoricalRange.of("family", "auto", "poisson"))))
            .startsWith("Range 'family': value poisson is not valid for param family"));
  }
}
