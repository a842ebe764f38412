create table "main"."song_staging" as
select
    "num_songs" as "num_songs",
    "artist_id" as "artist_id",
    "artist_latitude" as "artist_latitude",
    "artist_longitude" as "artist_longitude",
    "artist_location" as "artist_location",
    "artist_name" as "artist_name",
    "song_id" as "song_id",
    "title" as "title",
    "duration" as "duration",
    "year" as "year"
from read_json('<project>/data/sample/song_data/**/*.json',
    format = 'unstructured',
    columns = {'num_songs': 'INTEGER', 'artist_id': 'VARCHAR', 'artist_latitude': 'DOUBLE', 'artist_longitude': 'DOUBLE', 'artist_location': 'VARCHAR', 'artist_name': 'VARCHAR', 'song_id': 'VARCHAR', 'title': 'VARCHAR', 'duration': 'DOUBLE', 'year': 'INTEGER'}
);
