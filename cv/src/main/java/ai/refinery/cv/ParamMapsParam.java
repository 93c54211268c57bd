package ai.refinery.cv;

import ai.refinery.estimators.nested.NestedStages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The param maps to try ({@code estimatorParamMaps}). JSON form: a list of maps, each a list of
 * {@code {"parent": uid, "name": param, "value": param's own JSON}}; decoding needs the stages the
 * params belong to ({@link #decode}).
 */
public class ParamMapsParam extends Param<ParamMap[]> {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ParamMapsParam(Params parent, String name, String doc) {
    super(parent, name, doc);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public String jsonEncode(ParamMap[] maps) {
    ArrayNode out = JSON.createArrayNode();
    for (ParamMap m : maps) {
      ArrayNode pairs = out.addArray();
      for (ParamPair<?> pp : m.toList()) {
        Param p = pp.param();
        ObjectNode o = pairs.addObject();
        o.put("parent", p.parent());
        o.put("name", p.name());
        o.put("value", p.jsonEncode(pp.value()));
      }
    }
    return out.toString();
  }

  @Override
  public ParamMap[] jsonDecode(String json) {
    throw new UnsupportedOperationException(
        "Param "
            + name()
            + " needs the stages its params"
            + " belong to; use ParamMapsParam.decode(json, stages)");
  }

  /** Decodes {@link #jsonEncode}'s output, resolving params on the stages (searched deeply). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static ParamMap[] decode(String json, List<Params> stages) {
    Map<String, Params> byUid = new java.util.HashMap<>();
    for (Params s : stages) {
      collect(s, byUid);
    }
    try {
      JsonNode root = JSON.readTree(json);
      List<ParamMap> out = new ArrayList<>();
      for (JsonNode map : root) {
        ParamMap pm = new ParamMap();
        for (JsonNode pair : map) {
          String parent = pair.get("parent").asText();
          Params owner = byUid.get(parent);
          if (owner == null) {
            throw new IllegalArgumentException(
                "estimatorParamMaps refers to stage uid '"
                    + parent
                    + "', which is not the estimator, the evaluator or one of their stages");
          }
          Param p = owner.getParam(pair.get("name").asText());
          pm.put(p, p.jsonDecode(pair.get("value").asText()));
        }
        out.add(pm);
      }
      return out.toArray(new ParamMap[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Saves the owner's param maps as one line of JSON text in {@code path/estimatorParamMaps/}
   * (decoding them needs the nested stages, which are loaded first).
   */
  static void save(FoldCrossValidatorParams owner, String path, SparkSession spark) {
    String json = owner.estimatorParamMaps().jsonEncode(owner.getEstimatorParamMaps());
    spark
        .createDataset(List.of(json), Encoders.STRING())
        .coalesce(1)
        .write()
        .text(path + "/estimatorParamMaps");
  }

  /** Reads what {@link #save} wrote and sets it on the owner, whose stages are already loaded. */
  static void load(FoldCrossValidatorParams owner, String path, SparkSession spark) {
    String json = spark.read().text(path + "/estimatorParamMaps").first().getString(0);
    List<Params> stages = new ArrayList<>();
    stages.add(owner.getEstimator());
    stages.add(owner.getEvaluator());
    owner.set(owner.estimatorParamMaps(), decode(json, stages));
  }

  /**
   * Reads what {@link Writer} saved into {@code owner} (created with the saved uid): its params and
   * nested stages, then its param maps.
   */
  static <T extends FoldCrossValidatorParams> T loadStage(
      T owner, String path, SparkSession spark) {
    NestedStages.loadParams(owner, path, spark.sparkContext(), "estimatorParamMaps");
    load(owner, path, spark);
    return owner;
  }

  /**
   * Writes a cross-validator stage: its params and nested stages ({@link NestedStages}), its param
   * maps ({@link #save}), then what {@link #saveData} adds.
   */
  static class Writer extends MLWriter {
    private final FoldCrossValidatorParams stage;

    /** Checks that every nested stage can be saved. */
    Writer(FoldCrossValidatorParams stage) {
      NestedStages.requireWritable(stage);
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      NestedStages.saveParams(stage, path, sc());
      ParamMapsParam.save(stage, path, sparkSession());
      saveData(path);
    }

    /** The stage's own data after its params; nothing for an estimator. */
    void saveData(String path) {}
  }

  private static void collect(Params s, Map<String, Params> byUid) {
    byUid.put(s.uid(), s);
    if (s instanceof Pipeline p && p.isDefined(p.stages())) {
      for (PipelineStage st : p.getStages()) {
        collect(st, byUid);
      }
    }
  }
}
