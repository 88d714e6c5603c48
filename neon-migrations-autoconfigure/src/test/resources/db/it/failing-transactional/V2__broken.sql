CREATE TABLE half_done (id int);
INSERT INTO notes (title) VALUES ('written before the broken statement');
SELEC 1;
