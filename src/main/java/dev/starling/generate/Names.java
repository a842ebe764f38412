package dev.starling.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Word lists and the rules that turn them into song titles, artist names, people and places. The lists mix plain
 * ASCII with accents, CJK, apostrophes, double quotes, slashes and backslashes, so that every escaping path of a
 * JSON reader is exercised.
 */
final class Names {

    private Names() {
    }

    static final List<String> TITLE_WORDS = List.of(
            "Love", "Night", "Heart", "Fire", "Rain", "Dream", "Blue", "Summer", "Road", "Home", "Light", "Dance",
            "Time", "Stars", "River", "Gold", "Shadow", "Wild", "City", "Ghost", "Angel", "Storm", "Sun", "Moon",
            "Girl", "Boy", "Baby", "Heaven", "Paradise", "Sky", "Ocean", "Train", "Highway", "Midnight", "Morning",
            "Sweet", "Lonely", "Broken", "Little", "Crazy", "Golden", "Electric", "Silver", "Secret", "Lost",
            "Free", "Young", "Forever", "Tonight", "Again", "Down", "Away", "Back", "Under", "Over", "Inside",
            "Wonder", "Fever", "Echo", "Mirror", "Paper", "Velvet", "Honey", "Whiskey", "Diamond", "Thunder",
            "Don't", "I'm", "Can't", "Lovin'", "Rock 'n' Roll", "Ain't", "O'Clock", "Rockin'",
            "Café", "Niño", "Señorita", "Corazón", "Mañana", "Déjà Vu", "Für", "Naïve", "Fiancée", "Été",
            "Sehnsucht", "Ça Va", "Última", "Canción", "Smörgåsbord", "Ærø", "Łódź");

    static final List<String> CJK_TITLES = List.of(
            "光", "夜空", "東京の夜", "사랑해", "月光", "さくら", "青い春", "風の歌", "星に願いを", "海へ", "北京", "你好");

    static final List<String> ODD_TITLES = List.of(
            "Either/Or", "AC/DC Forever", "Left \\ Right", "C:\\Songs\\Demo", "\\o/", "Back\\Slash Blues",
            "Tabs\tand Spaces", "Note 🎵 Song", "50/50", "24/7 \\ 365");

    static final List<String> TITLE_SUFFIXES = List.of(
            " (Live)", " (Remix)", " (Album Version)", " (full-length/album version)", " - Single Edit",
            " (Acoustic)", " (Demo)", " [Explicit]", " (Radio Edit)", " (feat. \"Lil\" Someone)");

    static final List<String> ADJECTIVES = List.of(
            "Black", "Red", "Silver", "Electric", "Velvet", "Crimson", "Lonely", "Wild", "Broken", "Golden",
            "Midnight", "Hollow", "Neon", "Savage", "Gentle", "Frozen", "Burning", "Quiet", "Loud", "Strange",
            "Sonic", "Cosmic", "Rusty", "Holy", "Mighty", "Düster", "Café", "Señor");

    static final List<String> NOUNS = List.of(
            "Keys", "Wolves", "Lights", "Stones", "Kings", "Queens", "Riders", "Ghosts", "Strangers", "Saints",
            "Rebels", "Dreamers", "Hearts", "Machines", "Tigers", "Sparrows", "Pilots", "Rivers", "Echoes",
            "Owls", "Foxes", "Monkeys", "Brothers", "Sisters", "Horses", "Roses", "Thieves", "Angels");

    static final List<String> FIRST_MALE = List.of(
            "Walter", "Ryan", "Jacob", "Noah", "Liam", "Ethan", "Mason", "Lucas", "Logan", "Isaac", "Kevin",
            "Matthew", "Rylan", "Aiden", "Cameron", "Dominick", "Tegan", "Jayden", "Carlos", "Brayden", "Wyatt",
            "José", "Björn", "Søren", "Jürgen", "Ángel", "Noël", "François", "Zoltán", "D'Andre", "Hiroshi", "Min-jun");

    static final List<String> FIRST_FEMALE = List.of(
            "Kaylee", "Lily", "Jizelle", "Chloe", "Ava", "Emma", "Sophia", "Layla", "Aleena", "Tegan", "Jacqueline",
            "Katherine", "Kinsley", "Stella", "Molly", "Anabelle", "Harper", "Amiya", "Sara", "Celeste",
            "Zoë", "Chloé", "Renée", "Siobhán", "Inès", "Małgorzata", "Åsa", "Yūko", "Ji-woo", "Mary-Kate", "Dé'Ja");

    static final List<String> LAST_NAMES = List.of(
            "Frye", "Summers", "Valdez", "Benjamin", "George", "Jones", "Smith", "Johnson", "Williams", "Brown",
            "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson",
            "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
            "Harris", "Cruz", "Rivera", "Kim", "Nguyen", "Patel", "O'Brien", "D'Angelo", "O'Neill", "Peña",
            "Müller", "García", "Nuñez", "Ibáñez", "Šimek", "Ødegaard", "Nguyễn", "Çelik", "Van der Berg",
            "Smith-Jones", "Lefèvre");

    /** Metro areas, as the event logs spell them. */
    static final List<String> USER_LOCATIONS = List.of(
            "San Francisco-Oakland-Hayward, CA", "Portland-South Portland, ME", "Lansing-East Lansing, MI",
            "Chicago-Naperville-Elgin, IL-IN-WI", "Atlanta-Sandy Springs-Roswell, GA", "Waterloo-Cedar Falls, IA",
            "Lake Havasu City-Kingman, AZ", "San Jose-Sunnyvale-Santa Clara, CA",
            "Tampa-St. Petersburg-Clearwater, FL", "New York-Newark-Jersey City, NY-NJ-PA",
            "Sacramento--Roseville--Arden-Arcade, CA", "Janesville-Beloit, WI", "Birmingham-Hoover, AL",
            "Winston-Salem, NC", "Red Bluff, CA", "Marinette, WI-MI", "Augusta-Richmond County, GA-SC",
            "Houston-The Woodlands-Sugar Land, TX", "Detroit-Warren-Dearborn, MI", "New Orleans-Metairie, LA",
            "Phoenix-Mesa-Scottsdale, AZ", "Saginaw, MI", "Cañon City, CO", "Española, NM", "Mayagüez, PR",
            "Coeur d'Alene, ID", "Los Angeles-Long Beach-Anaheim, CA", "Seattle-Tacoma-Bellevue, WA",
            "Dallas-Fort Worth-Arlington, TX", "Miami-Fort Lauderdale-West Palm Beach, FL");

    /** User agents as the event logs have them; many are wrapped in double quotes inside the string. */
    static final List<String> USER_AGENTS = List.of(
            "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
            "\"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/35.0.1916.153 Safari/537.36\"",
            "Mozilla/5.0 (Windows NT 5.1; rv:31.0) Gecko/20100101 Firefox/31.0",
            "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36\"",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0",
            "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) Version/7.0.6 Safari/537.78.2\"",
            "\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"",
            "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0",
            "\"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
            "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
            "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36\"",
            "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10) AppleWebKit/538.46 (KHTML, like Gecko) Version/8.0 Safari/538.46\"");

    /** An artist's home: the name as song files spell it and its coordinates (in 10^-5 degrees). */
    record Place(String name, int latitudeE5, int longitudeE5) {
    }

    static final List<Place> ARTIST_PLACES = List.of(
            new Place("Nashville, TN.", 3616778, -8677836), new Place("California - SF", 3777916, -12242005),
            new Place("Houston, TX", 2976045, -9536978), new Place("London, England", 5150632, -12714),
            new Place("New York, NY", 4071455, -7400712), new Place("Chicago, IL", 4188415, -8763241),
            new Place("Reykjavík, Iceland", 6414659, -2194022), new Place("São Paulo, Brazil", -2354781, -4663531),
            new Place("Montréal, Québec, Canada", 4550884, -7358781), new Place("Köln, Germany", 5093753, 696032),
            new Place("Tōkyō, Japan", 3568950, 13969171), new Place("Seoul, South Korea", 3756654, 12697797),
            new Place("Los Angeles, CA", 3405349, -11824532), new Place("Detroit, MI", 4233143, -8304575),
            new Place("Seattle, WA", 4760621, -12233207), new Place("Kingston, Jamaica", 1801700, -7680900),
            new Place("Paris, France", 4885661, 235222), new Place("Stockholm, Sweden", 5932932, 1806858),
            new Place("Dublin, Ireland", 5334981, -626031), new Place("Atlanta, GA", 3374831, -8439111),
            new Place("Bogotá, Colombia", 471098, -7407209), new Place("Zürich, Switzerland", 4737689, 854169),
            new Place("Coeur d'Alene, ID", 4767768, -11678046), new Place("Memphis, TN", 3514968, -9004892));

    static String pick(SplittableRandom rng, List<String> list) {
        return list.get(rng.nextInt(list.size()));
    }

    /** A song title: mostly one to three words, sometimes CJK, quoted, odd characters or a version suffix. */
    static String title(SplittableRandom rng) {
        int kind = rng.nextInt(1000);
        String base;
        if (kind < 40) {
            base = pick(rng, CJK_TITLES);
        } else if (kind < 52) {
            base = pick(rng, ODD_TITLES);
        } else {
            int words = 1 + rng.nextInt(3);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < words; i++) {
                if (i > 0) {
                    b.append(i == 1 && rng.nextInt(6) == 0 ? " Of The " : " ");
                }
                b.append(pick(rng, TITLE_WORDS));
            }
            base = b.toString();
            if (kind < 80) {
                base = "\"" + base + "\"";
            }
        }
        if (rng.nextInt(12) == 0) {
            base += pick(rng, TITLE_SUFFIXES);
        }
        return base;
    }

    /** An artist name: a band, a person, a duo, or a CJK name. */
    static String artist(SplittableRandom rng) {
        int kind = rng.nextInt(100);
        if (kind < 35) {
            return "The " + pick(rng, ADJECTIVES) + " " + pick(rng, NOUNS);
        } else if (kind < 65) {
            List<String> firsts = rng.nextBoolean() ? FIRST_MALE : FIRST_FEMALE;
            return pick(rng, firsts) + " " + pick(rng, LAST_NAMES);
        } else if (kind < 75) {
            return pick(rng, LAST_NAMES) + " & " + pick(rng, LAST_NAMES);
        } else if (kind < 82) {
            return pick(rng, ADJECTIVES) + " N' " + pick(rng, NOUNS);
        } else if (kind < 87) {
            return pick(rng, CJK_TITLES) + (rng.nextBoolean() ? "バンド" : " Orchestra");
        } else if (kind < 89) {
            return "DJ \\" + pick(rng, NOUNS) + "/";
        } else {
            return pick(rng, ADJECTIVES) + pick(rng, NOUNS).toLowerCase(java.util.Locale.ROOT);
        }
    }
}
