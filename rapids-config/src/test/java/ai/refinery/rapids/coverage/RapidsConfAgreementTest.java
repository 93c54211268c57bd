package ai.refinery.rapids.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.rapids.GpuSetting;
import ai.refinery.rapids.GpuSettings;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our registry against the RAPIDS 25.04 jar's own RapidsConf: every {@code spark.rapids.*} key we
 * declare exists there, with the default we document.
 */
@Tag("explain-only")
class RapidsConfAgreementTest {

  @org.junit.jupiter.api.AfterAll
  static void stopSession() {
    ExplainOnlySession.stop();
  }

  @Test
  void everyRapidsKeyExistsInRapidsConfWithTheSameDefault() throws Exception {
    ExplainOnlySession.get(); // the plugin's shim loader makes RapidsConf loadable
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    Object module =
        Class.forName("com.nvidia.spark.rapids.RapidsConf$", true, cl)
            .getField("MODULE$")
            .get(null);
    Method registered = module.getClass().getDeclaredMethod("registeredConfs");
    registered.setAccessible(true);
    List<?> entries =
        scala.collection.JavaConverters.bufferAsJavaList(
            (scala.collection.mutable.Buffer<?>) registered.invoke(module));
    Map<String, Object> entryByKey = new HashMap<>();
    for (Object e : entries) {
      entryByKey.put((String) e.getClass().getMethod("key").invoke(e), e);
    }
    assertTrue(entryByKey.size() > 100, "RapidsConf entries: " + entryByKey.size());
    int checked = 0;
    for (GpuSetting<?> s : GpuSettings.all()) {
      if (!s.key().startsWith("spark.rapids.")) {
        continue;
      }
      Object entry = entryByKey.get(s.key());
      assertNotNull(entry, s.key() + " is not a RAPIDS 25.04 setting");
      Object dflt;
      try {
        dflt = entry.getClass().getMethod("defaultValue").invoke(entry);
      } catch (NoSuchMethodException optional) {
        continue;
      }
      String ours = s.defaultText();
      switch (s.type()) {
        case BYTES -> assertEquals(((Number) dflt).longValue(), s.parse(ours), s.key());
        case INT, DOUBLE ->
            assertEquals(((Number) dflt).doubleValue(), Double.parseDouble(ours), 1e-12, s.key());
        default ->
            assertTrue(
                String.valueOf(dflt).equalsIgnoreCase(ours),
                s.key() + ": RAPIDS default " + dflt + ", ours " + ours);
      }
      checked++;
    }
    assertTrue(checked >= 10, "checked " + checked);
  }
}
