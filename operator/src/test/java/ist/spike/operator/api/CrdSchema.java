package ist.spike.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CustomResourceDefinition's structural schema, checked the way the API server checks a custom
 * object: types, required fields, enums, patterns, bounds, and fields the schema does not know (which
 * the API server would silently prune). The mock API server checks none of this.
 */
public final class CrdSchema {
    private static final Set<String> OBJECT_ROOT = Set.of("apiVersion", "kind", "metadata");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kind;
    private final JSONSchemaProps root;

    private CrdSchema(String kind, JSONSchemaProps root) {
        this.kind = kind;
        this.root = root;
    }

    /** The schema of the served, stored version of the CRD in this YAML file. */
    public static CrdSchema load(Path yaml) throws IOException {
        try (InputStream in = Files.newInputStream(yaml)) {
            CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            CustomResourceDefinitionVersion version = crd.getSpec().getVersions().stream()
                    .filter(CustomResourceDefinitionVersion::getStorage).findFirst().orElseThrow();
            return new CrdSchema(crd.getSpec().getNames().getKind(), version.getSchema().getOpenAPIV3Schema());
        }
    }

    /** What the API server would refuse or prune in this object (JSON text); empty when valid. */
    public List<String> problems(String json) {
        try {
            return problems(JSON.readTree(json));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    public List<String> problems(JsonNode object) {
        List<String> out = new ArrayList<>();
        check(root, object, "", out, true);
        return out.stream().map(p -> kind + p).toList();
    }

    private static void check(JSONSchemaProps schema, JsonNode node, String at, List<String> out, boolean top) {
        if (node == null || node.isNull()) {
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                out.add(at + ": null where the schema does not allow it");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            expect(node.isIntegralNumber() || node.isTextual(), "an integer or a string", node, at, out);
            return;
        }
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> object(schema, node, at, out, top);
            case "array" -> {
                if (expect(node.isArray(), "an array", node, at, out)) {
                    bounds(schema.getMinItems(), schema.getMaxItems(), node.size(), "items", at, out);
                    JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
                    for (int i = 0; items != null && i < node.size(); i++) {
                        check(items, node.get(i), at + "[" + i + "]", out, false);
                    }
                }
            }
            case "string" -> {
                if (expect(node.isTextual(), "a string", node, at, out)) {
                    string(schema, node.asText(), at, out);
                }
            }
            case "integer" -> {
                if (expect(node.isIntegralNumber(), "an integer", node, at, out)) {
                    number(schema, node.asDouble(), at, out);
                }
            }
            case "number" -> {
                if (expect(node.isNumber(), "a number", node, at, out)) {
                    number(schema, node.asDouble(), at, out);
                }
            }
            case "boolean" -> expect(node.isBoolean(), "a boolean", node, at, out);
            default -> out.add(at + ": unknown schema type " + type);
        }
    }

    private static void object(JSONSchemaProps schema, JsonNode node, String at, List<String> out, boolean top) {
        if (!expect(node.isObject(), "an object", node, at, out)) {
            return;
        }
        Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null
                : schema.getAdditionalProperties().getSchema();
        boolean keepsUnknown = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = at + "." + field.getKey();
            if (top && OBJECT_ROOT.contains(field.getKey())) {
                continue;
            }
            if (properties.containsKey(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path, out, false);
            } else if (additional != null) {
                check(additional, field.getValue(), path, out, false);
            } else if (!keepsUnknown) {
                out.add(path + ": unknown field (the API server prunes it)");
            }
        }
        for (String required : schema.getRequired() == null ? List.<String>of() : schema.getRequired()) {
            if (!node.has(required)) {
                out.add(at + "." + required + ": required");
            }
        }
    }

    private static void string(JSONSchemaProps schema, String text, String at, List<String> out) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()
                && schema.getEnum().stream().noneMatch(e -> e.asText().equals(text))) {
            out.add(at + ": '" + text + "' is not one of " + schema.getEnum());
        }
        if (schema.getPattern() != null && !java.util.regex.Pattern.compile(schema.getPattern()).matcher(text).find()) {
            out.add(at + ": '" + text + "' does not match " + schema.getPattern());
        }
        bounds(schema.getMinLength(), schema.getMaxLength(), text.length(), "characters", at, out);
    }

    private static void number(JSONSchemaProps schema, double value, String at, List<String> out) {
        if (schema.getMinimum() != null && value < schema.getMinimum()) {
            out.add(at + ": " + value + " is below the minimum " + schema.getMinimum());
        }
        if (schema.getMaximum() != null && value > schema.getMaximum()) {
            out.add(at + ": " + value + " is above the maximum " + schema.getMaximum());
        }
    }

    private static void bounds(Long min, Long max, long size, String unit, String at, List<String> out) {
        if (min != null && size < min) {
            out.add(at + ": " + size + " " + unit + ", at least " + min + " needed");
        }
        if (max != null && size > max) {
            out.add(at + ": " + size + " " + unit + ", at most " + max + " allowed");
        }
    }

    private static boolean expect(boolean ok, String what, JsonNode node, String at, List<String> out) {
        if (!ok) {
            out.add(at + ": expected " + what + ", got " + node.getNodeType().name().toLowerCase());
        }
        return ok;
    }
}
