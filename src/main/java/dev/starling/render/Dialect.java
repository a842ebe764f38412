package dev.starling.render;

/**
 * What rendering needs to know of an engine: how it quotes names and which macro library it adds. Each target
 * adapter implements it; templates never test the engine themselves, they call macros that the dialect's
 * library ({@code starling/macros/<type>.ftl}) defines over the defaults ({@code starling/macros/default.ftl}).
 */
public interface Dialect {

    /** The target type, e.g. {@code duckdb}: also the name of the dialect's macro library and test templates. */
    String type();

    /** A quoted identifier: {@code user} becomes {@code "user"}. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The relation a model or source is built as: {@code "main"."user"}. */
    default String relation(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
