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
    j."year" as "year", 'data/sample/song_data' || substr(j.__starling_filename, length('<project>/data/sample/song_data') + 1) as "_starling_file", cast(null as bigint) as "_starling_batch"
from read_json('<project>/data/sample/song_data/**/*.json',
    format = 'unstructured',
    columns = {'num_songs': 'INTEGER', 'artist_id': 'VARCHAR', 'artist_latitude': 'DOUBLE', 'artist_longitude': 'DOUBLE', 'artist_location': 'VARCHAR', 'artist_name': 'VARCHAR', 'song_id': 'VARCHAR', 'title': 'VARCHAR', 'duration': 'DOUBLE', 'year': 'INTEGER'},
    filename = '__starling_filename'
) as j;
