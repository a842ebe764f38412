create table "main"."song_staging" as
select
    j."num_songs" as "num_songs",
    j."artist_id" as "artist_id",
    j."artist_latitude" as "artist_latitude",
    j."artist_longitude" as "artist_longitude",
    j."artist_location" as "artist_location",
    j."artist_name" as "artist_name",
    j."song_id" as "song_id",
    j."title" as "title",
    j."duration" as "duration",
    j."year" as "year"
from read_json('<project>/data/sample/song_data/**/*.json',
    format = 'unstructured',
    columns = {'num_songs': 'INTEGER', 'artist_id': 'VARCHAR', 'artist_latitude': 'DOUBLE', 'artist_longitude': 'DOUBLE', 'artist_location': 'VARCHAR', 'artist_name': 'VARCHAR', 'song_id': 'VARCHAR', 'title': 'VARCHAR', 'duration': 'DOUBLE', 'year': 'INTEGER'}
) as j;
