package dev.starling.adapter;

import java.util.List;

/**
 * How an engine fills a seed's table under its temporary name: steps that run first (an upload to S3) and the
 * statements that create and fill the table, sent in the same transaction as the swap.
 */
public record SeedLoad(List<Step> prepare, List<String> statements) {

    public SeedLoad {
        prepare = List.copyOf(prepare);
        statements = List.copyOf(statements);
    }
}
