package dev.starling.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void countsStatementsOutsideQuotesAndComments() {
        assertEquals(1, QueryText.statements("select 1;"));
        assertEquals(1, QueryText.statements("select ';' as a -- ; drop\n"));
        assertEquals(1, QueryText.statements("select 1 /* ; /* nested ; */ */"));
        assertEquals(1, QueryText.statements("select $x$ ; $x$"));
        assertEquals(2, QueryText.statements("select 1; select 2"));
        assertEquals(0, QueryText.statements(" ; -- nothing"));
    }

    @Test
    void aBackslashThatMayOrMayNotEscapeAQuoteCountsTheLargerWay() {
        // standard strings: 'a\' ends the string, so "drop" is a second statement
        assertEquals(3, QueryText.statements("select 'a\\'; drop table t; select '"));
        // Redshift's escapes: 'it\'s; x' is one string
        assertEquals(2, QueryText.statements("select 'it\\'s; x'; select 1 --'"));
    }

    @Test
    void namesTheFirstKeyword() {
        assertEquals("delete", QueryText.firstKeyword("-- note\n/* c */ DELETE from t"));
        assertEquals("(", QueryText.firstKeyword("  (select 1)"));
    }
}
