/* The floor for `chipfit validate`: read each file and pull every libyaml event, doing
 * nothing else. Usage: yaml_scan FILE... ; prints the number of events. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv) {
    long events = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        static unsigned char buf[1 << 22];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        yaml_parser_t parser;
        yaml_event_t event;
        if (!yaml_parser_initialize(&parser)) return 2;
        yaml_parser_set_input_string(&parser, buf, n);
        int done = 0;
        while (!done) {
            if (!yaml_parser_parse(&parser, &event)) break;
            done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            events++;
        }
        yaml_parser_delete(&parser);
    }
    printf("%ld events\n", events);
    return 0;
}
