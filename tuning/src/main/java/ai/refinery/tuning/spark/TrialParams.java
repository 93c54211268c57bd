package ai.refinery.tuning.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trial's hyperparameters as the JSON object of the trial history's {@code params} column. */
final class TrialParams {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrialParams() {}

  static String toJson(Map<String, Object> params) {
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> fromJson(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid params JSON in trial history: " + json, e);
    }
  }
}
