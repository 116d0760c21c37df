package io.devmentor.monitoring.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.Optional;

/**
 * The JSON Schemas of the API's records, as the wire format's mapper writes them, for the OpenAPI document:
 * victools' generator reads the records' components, and this says what the mapper does differently from a
 * plain bean. An {@code Optional} component may be null; it is required unless its record leaves it out when
 * empty ({@code @JsonInclude(NON_ABSENT)}). Every other component is required. An enumeration with a
 * {@code wireName()} is written in those names. A record has no properties besides its components, and a value
 * of type {@code Object} (an event's data) may be any JSON.
 */
final class ApiSchemas {

    private final SchemaBuilder definitions;

    ApiSchemas(ObjectMapper json) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(json, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.FLATTENED_OPTIONALS, Option.FLATTENED_ENUMS, Option.DEFINITIONS_FOR_ALL_OBJECTS,
                        Option.PLAIN_DEFINITION_KEYS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES, Option.STANDARD_FORMATS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields()
                .withRequiredCheck(field -> !optional(field) || !leftOutWhenEmpty(json, field))
                .withNullableCheck(ApiSchemas::optional);
        // Properties in the records' order, as the mapper writes them (the generator's default is alphabetical).
        config.forTypesInGeneral().withPropertySorter(Comparator.comparingInt(ApiSchemas::declared));
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            Class<?> raw = type.getErasedType();
            if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            return wireNames(raw, context.getGeneratorConfig().createObjectNode())
                    .map(schema -> new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE,
                            CustomDefinition.AttributeInclusion.YES))
                    .orElse(null);
        });
        this.definitions = new SchemaGenerator(config.build()).buildMultipleSchemaDefinitions();
    }

    /** A reference to a type's schema ({@code #/components/schemas/…}), or the schema itself for a simple type. */
    ObjectNode reference(Class<?> raw, Class<?>... arguments) {
        return definitions.createSchemaReference(raw, arguments);
    }

    /** The schemas referred to so far, by name, for {@code components.schemas}; call once, after the references. */
    ObjectNode components() {
        return definitions.collectDefinitions("components/schemas");
    }

    /** A member's place among its record's components. */
    private static int declared(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        if (components == null) {
            return 0;
        }
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(member.getDeclaredName())) {
                return i;
            }
        }
        return components.length;
    }

    private static boolean optional(FieldScope field) {
        return field.getDeclaredType().getErasedType() == Optional.class;
    }

    /** Whether the mapper leaves the field's record's empty values out, by an annotation or a mix-in. */
    private static boolean leftOutWhenEmpty(ObjectMapper json, FieldScope field) {
        JsonInclude.Value inclusion = json.getSerializationConfig()
                .introspect(json.constructType(field.getDeclaringType().getErasedType()))
                .findPropertyInclusion(JsonInclude.Value.empty());
        return inclusion.getValueInclusion() == JsonInclude.Include.NON_ABSENT;
    }

    /** An enumeration written in its {@code wireName()}s: a string of those values. */
    private static Optional<ObjectNode> wireNames(Class<?> type, ObjectNode schema) {
        if (!type.isEnum()) {
            return Optional.empty();
        }
        Method wireName;
        try {
            wireName = type.getMethod("wireName");
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
        schema.put("type", "string");
        ArrayNode values = schema.putArray("enum");
        for (Object constant : type.getEnumConstants()) {
            try {
                values.add(String.valueOf(wireName.invoke(constant)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getName() + ".wireName() cannot be called", e);
            }
        }
        return Optional.of(schema);
    }
}
