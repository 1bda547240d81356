"""iCalendar export of an event (RFC 5545) with the icalendar library."""

from icalendar import Calendar, Event


def event_to_ics(event, request) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//cms-inbound//events//KO")
    cal.add("version", "2.0")
    item = Event()
    item.add("uid", f"event-{event.translation_key}@{request.get_host()}")
    item.add("summary", event.title)
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("dtstamp", event.last_published_at or event.start)
    item.add("description", event.summary)
    location = ", ".join(part for part in (event.venue, event.address) if part) or event.online_url
    if location:
        item.add("location", location)
    item.add("url", event.get_full_url(request))
    cal.add_component(item)
    return cal.to_ical()
