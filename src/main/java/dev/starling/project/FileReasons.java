package dev.starling.project;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Why a project file or folder could not be read, in words (Java's exception names say little to users). */
final class FileReasons {

    private FileReasons() {
    }

    static String of(IOException e) {
        if (e instanceof MalformedInputException || e instanceof CharacterCodingException) {
            return "it is not UTF-8 text; save it as UTF-8";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link loops back to a folder that contains it (" + e.getMessage() + "); remove the link";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + "); make it readable to this user";
        }
        if (e instanceof NoSuchFileException) {
            return "it does not exist, or is a symbolic link to nothing (" + e.getMessage() + ")";
        }
        if (e instanceof NotDirectoryException) {
            return "it is not a folder (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        if (message != null && message.contains("Too many levels of symbolic links")) {
            return "a symbolic link loops (" + message + "); remove the link";
        }
        return message == null ? e.toString() : message;
    }
}
