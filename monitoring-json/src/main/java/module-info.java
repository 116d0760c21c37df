/**
 * The wire format of DevMentor Monitoring: one JSON form for each of the API's value types that leaves a
 * process (incidents with their timelines, events), in the seed's lower-case vocabulary, and the versioned form
 * stored and streamed between instances, which reads the forms of earlier versions too.
 */
module io.devmentor.monitoring.json {
    requires transitive io.devmentor.monitoring.api;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;

    exports io.devmentor.monitoring.json;
}
