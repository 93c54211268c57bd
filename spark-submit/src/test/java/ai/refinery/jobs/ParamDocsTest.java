package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.docs.ParamDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed docs/params.md must be what the code generates. */
class ParamDocsTest {
  @Test
  void committedParamDocsAreCurrent() throws Exception {
    Path committed = Path.of(System.getProperty("refinery.root", "..")).resolve("docs/params.md");
    String expected = ParamDocs.markdown();
    assertTrue(Files.exists(committed), committed + " is missing; run ./refinery docs");
    assertEquals(
        expected,
        Files.readString(committed, StandardCharsets.UTF_8),
        "docs/params.md is stale; run ./refinery docs and commit the result");
  }

  @Test
  void everyRegisteredStageIsDocumented() {
    String md = ParamDocs.markdown();
    for (var e : StageCatalog.all().entrySet()) {
      assertTrue(md.contains("## " + e.getValue().getSimpleName()), e.getKey());
    }
    assertTrue(md.contains("| maxCategories | IntParam | `64` |"), md);
  }
}
