package ai.refinery.rapids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build check that docs/rapids-config.md is what the registry generates. */
class GpuSettingsDocTest {

  @Test
  void committedDocsMatchTheRegistry() throws Exception {
    Path root = Path.of(System.getProperty("refinery.root", "..")).toAbsolutePath();
    Path doc = root.resolve("docs/rapids-config.md");
    assertTrue(
        Files.isRegularFile(doc),
        doc
            + " is missing. Generate it from the repository root"
            + " with: "
            + GpuSettingsDoc.REGENERATE);
    String committed = Files.readString(doc, StandardCharsets.UTF_8);
    assertEquals(
        GpuSettingsDoc.render(),
        committed,
        "docs/rapids-config.md is out of date with"
            + " GpuSettings/GpuProfiles. Regenerate it from the repository root with: "
            + GpuSettingsDoc.REGENERATE
            + " (then commit it).");
  }

  @Test
  void docsListEverySettingAndProfileUnderAGeneratedHeader() {
    String text = GpuSettingsDoc.render();
    assertTrue(text.startsWith("<!-- generated \u2014 do not edit."), text.substring(0, 80));
    for (GpuSetting<?> s : GpuSettings.all()) {
      assertTrue(text.contains("| `" + s.key() + "` |"), s.key());
    }
    for (String name : GpuProfiles.names()) {
      assertTrue(text.contains("### `" + name + "`"), name);
    }
  }
}
