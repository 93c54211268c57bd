package ai.refinery.estimators.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.testkit.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nested-stage toolkit on a small stage that holds one stage and a list of stages. */
class NestedStagesTest {

  /** A do-nothing transformer with a stage param and a stage-array param. */
  public static final class Holder extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    final StageParam<PipelineStage> inner;
    final StageArrayParam list;
    final Param<String> note;

    public Holder(String uid) {
      this.uid = uid;
      inner = new StageParam<>(this, "inner", "one nested stage");
      list = new StageArrayParam(this, "list", "nested stages in order");
      note = new Param<>(this, "note", "a plain param");
      setDefault(note, "none");
    }

    @Override
    public String uid() {
      return uid;
    }

    // Spark finds params through their public no-argument accessors
    public StageParam<PipelineStage> inner() {
      return inner;
    }

    public StageArrayParam list() {
      return list;
    }

    public Param<String> note() {
      return note;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
      return dataset.toDF();
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public Holder copy(ParamMap extra) {
      return (Holder) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
      return new NestedStages.Writer(this);
    }

    public static MLReader<Holder> read() {
      return new NestedStages.Reader<>(Holder.class, Holder::new);
    }

    public static Holder load(String path) {
      return read().load(path);
    }
  }

  @BeforeAll
  static void session() {
    SparkTestSession.get(); // writers and readers use the active session
  }

  private static SparkContext sc() {
    return SparkTestSession.get().sparkContext();
  }

  private static String dir(String name) {
    return SparkTestSession.newDir("nested").resolve(name).toString();
  }

  @Test
  void roundTripsAStageAListAndAStageNestedInAStage() throws Exception {
    Holder innermost = new Holder("innermost");
    innermost.set(innermost.note, "deep");
    Holder middle = new Holder("middle");
    middle.set(middle.inner, innermost);
    Holder top = new Holder("top");
    top.set(top.inner, middle);
    top.set(top.note, "top note");
    PipelineStage[] stages = new PipelineStage[12];
    for (int i = 0; i < stages.length; i++) {
      stages[i] = new Binarizer("bin" + i).setThreshold(i);
    }
    top.set(top.list, stages);
    String path = dir("top");
    top.save(path);

    assertTrue(Files.isDirectory(Path.of(path, "stages", "inner", "stages", "inner")));
    assertTrue(Files.isDirectory(Path.of(path, "stages", "list", "00_bin0")));
    assertTrue(Files.isDirectory(Path.of(path, "stages", "list", "11_bin11")));

    Holder back = Holder.load(path);
    assertEquals("top", back.uid());
    assertEquals("top note", back.getOrDefault(back.note));
    Holder m = (Holder) back.getOrDefault(back.inner);
    assertEquals("middle", m.uid());
    assertFalse(m.isSet(m.list));
    Holder deep = (Holder) m.getOrDefault(m.inner);
    assertEquals("innermost", deep.uid());
    assertEquals("deep", deep.getOrDefault(deep.note));
    PipelineStage[] list = (PipelineStage[]) back.getOrDefault(back.list);
    assertEquals(12, list.length);
    for (int i = 0; i < list.length; i++) {
      assertEquals("bin" + i, list[i].uid());
      assertEquals((double) i, ((Binarizer) list[i]).getThreshold());
    }
  }

  @Test
  void anEmptyListStaysEmptyAndAnUnsetStageStaysUnset() throws Exception {
    Holder h = new Holder("h");
    h.set(h.list, new PipelineStage[0]);
    String path = dir("empty");
    h.save(path);
    Holder back = Holder.load(path);
    assertTrue(back.isSet(back.list));
    assertArrayEquals(new PipelineStage[0], (PipelineStage[]) back.getOrDefault(back.list));
    assertFalse(back.isSet(back.inner));
  }

  @Test
  void readsTheLayoutWithEachStageParamDirectlyUnderThePath() throws Exception {
    // the layout the cross-validator and the tuner wrote before: metadata/ and <param>/
    Holder h = new Holder("old");
    h.set(h.note, "kept");
    String path = dir("old");
    SparkBridge.saveMetadata(h, path, sc());
    new Binarizer("b").setThreshold(0.5).save(path + "/inner");
    Holder back = Holder.load(path);
    assertEquals("kept", back.getOrDefault(back.note));
    Binarizer b = assertInstanceOf(Binarizer.class, back.getOrDefault(back.inner));
    assertEquals("b", b.uid());
    assertEquals(0.5, b.getThreshold());
  }

  @Test
  void refusesBeforeWritingWhenANestedStageHasNoWriter() {
    Holder h = new Holder("h");
    PipelineStage noWriter = new NoWriter("nw");
    h.set(h.list, new PipelineStage[] {new Binarizer("b"), noWriter});
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> h.write());
    assertTrue(e.getMessage().contains("param list element 1"), e.getMessage());
    assertTrue(e.getMessage().contains(NoWriter.class.getName()), e.getMessage());
  }

  @Test
  void describesStagesInJsonAndRefusesToDecodeThem() {
    Holder h = new Holder("h");
    assertEquals(
        "{\"class\":\"org.apache.spark.ml.feature.Binarizer\",\"uid\":\"b\"}",
        h.inner.jsonEncode(new Binarizer("b")));
    assertEquals(
        "[{\"class\":\"org.apache.spark.ml.feature.Binarizer\",\"uid\":\"b\"}]",
        h.list.jsonEncode(new PipelineStage[] {new Binarizer("b")}));
    assertEquals(List.of("inner", "list"), NestedStages.paramNames(h).stream().sorted().toList());
    assertThrows(UnsupportedOperationException.class, () -> h.inner.jsonDecode("{}"));
  }

  @Test
  void earlyUidHandsTheUidOverOnce() {
    EarlyUid.push("u1");
    assertEquals("u1", EarlyUid.peek());
    assertEquals("u1", EarlyUid.take());
    IllegalStateException e = assertThrows(IllegalStateException.class, EarlyUid::take);
    assertTrue(e.getMessage().contains("(String uid) constructor"), e.getMessage());
  }

  /** A stage without a writer. */
  static final class NoWriter extends Transformer {
    private static final long serialVersionUID = 1L;
    private final String uid;

    NoWriter(String uid) {
      this.uid = uid;
    }

    @Override
    public String uid() {
      return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
      return dataset.toDF();
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public Transformer copy(ParamMap extra) {
      return defaultCopy(extra);
    }
  }
}
