package dev.starling.project;

import java.nio.file.Path;

/** Nodes made directly, for tests of the layers below loading (materializations, adapters). */
public final class TestNodes {

    private TestNodes() {
    }

    public static Node model(String name, Path path, String template, String materialized) {
        Node node = new Node(NodeKind.MODEL, Node.modelId(name), name, path, 1, template, null, null);
        node.config().put("materialized", materialized);
        return node;
    }
}
