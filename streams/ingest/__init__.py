"""Getting articles in: readers for the formats people have, the publisher, and topic archives."""
