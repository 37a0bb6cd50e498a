package io.sparkplane.cli.artifacts;

import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.util.List;

/** How artifacts show as text. */
public final class ArtifactLayouts {

    private ArtifactLayouts() {}

    public static final TableLayout UPLOADED = new TableLayout("Artifact", List.of(
            Column.field("Ref", "ref"),
            Column.field("Size", "size"),
            Column.field("Stored bytes", "storedBytes"),
            Column.field("Workspace", "workspace"),
            Column.field("URI", "uri")));

    public static final TableLayout LIST = new TableLayout("CataloguedArtifact", List.of(
            Column.field("NAME", "name"),
            Column.field("SIZE", "size"),
            Column.field("WORKSPACE", "workspace"),
            Column.time("UPLOADED", "lastUploadedAt"),
            Column.field("REF", "ref")));

    public static final List<TableLayout> ALL = List.of(UPLOADED, LIST);
}
