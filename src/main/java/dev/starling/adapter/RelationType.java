package dev.starling.adapter;

/** What a name in the target currently is. */
public enum RelationType {
    NONE, TABLE, VIEW
}
