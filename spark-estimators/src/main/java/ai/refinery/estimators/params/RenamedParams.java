package ai.refinery.estimators.params;

import java.util.Map;
import org.apache.spark.ml.param.Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Params that were renamed: a stage lists {@code old name -> new name} in {@link #renamedParams()},
 * and the old name keeps being read (deprecated setters, saved metadata, job specs, search spaces)
 * with one WARN naming the old and the new name each time it is read.
 */
public interface RenamedParams {
  Logger LOG = LoggerFactory.getLogger(RenamedParams.class);

  /** Old param names of this stage mapped to their new names. */
  Map<String, String> renamedParams();

  /**
   * The current name of param {@code name} of {@code stage}: {@code name} itself unless it is a
   * renamed param's old name, in which case the new name (and a WARN naming both, and {@code where}
   * it was read).
   */
  static String current(Params stage, String name, String where) {
    if (stage instanceof RenamedParams r && !stage.hasParam(name)) {
      String now = r.renamedParams().get(name);
      if (now != null) {
        warn(stage.getClass().getSimpleName(), name, now, where);
        return now;
      }
    }
    return name;
  }

  /** Logs the deprecation WARN for reading {@code oldName} of {@code owner} in {@code where}. */
  static void warn(String owner, String oldName, String newName, String where) {
    LOG.warn(
        "{} param '{}' is deprecated and was read as '{}' ({}); use '{}'",
        owner,
        oldName,
        newName,
        where,
        newName);
  }
}
