"""
The stories `manage.py load_demo` puts on the demo site (loaded by articles/demo.py).

Every film, show, album, brand, restaurant and person quoted here is invented; real names appear only as
tags and in harmless settings (a red carpet, a fan gathering), never with words put in their mouths.

An article's times are relative to the moment the demo is loaded: `published_ago` for a published story,
`published_in` for one scheduled for later, neither for a draft. `picture` adds an illustration from the
image library inside the body, where the body says ![…](image:PICTURE). A `motif` (see MOTIFS in
articles/demo.py) overrides the section's usual kind of picture.
"""

from datetime import timedelta


def ago(days=0, hours=0, minutes=0):
    return timedelta(days=days, hours=hours, minutes=minutes)


# palette: three background colours and one for the light and shapes; palette_name goes into alt texts.
SECTIONS = [
    {
        "name": "Bollywood",
        "slug": "bollywood",
        "position": 1,
        "description": "Hindi cinema: trailers, premieres, box office and the people who make the films.",
        "palette": ("#7a1037", "#e8590c", "#ffb703", "#ffd166"),
        "palette_name": "crimson and saffron",
        "motif": "spotlights",
    },
    {
        "name": "Hollywood",
        "slug": "hollywood",
        "position": 2,
        "description": "Studio films, awards season and the festival circuit, from Los Angeles and beyond.",
        "palette": ("#0b1d3a", "#27406b", "#7b2cbf", "#f2c14e"),
        "palette_name": "midnight blue and violet",
        "motif": "stars",
    },
    {
        "name": "K-Drama",
        "slug": "k-drama",
        "position": 3,
        "description": "Korean dramas and the people behind them: ratings, casting, interviews and what to watch.",
        "palette": ("#5f3dc4", "#e64980", "#ffc9de", "#fff0f6"),
        "palette_name": "violet and pink",
        "motif": "hearts",
    },
    {
        "name": "TV & Streaming",
        "slug": "tv-streaming",
        "position": 4,
        "description": "Series, reality shows and what is worth your weekend on every streaming service.",
        "palette": ("#111827", "#7f1d1d", "#dc2626", "#fca5a5"),
        "palette_name": "black and cinema red",
        "motif": "screen",
    },
    {
        "name": "Music",
        "slug": "music",
        "position": 5,
        "description": "Albums, tours, charts and award nominations, from playback singers to K-pop.",
        "palette": ("#083d4f", "#0f766e", "#6d28d9", "#5eead4"),
        "palette_name": "deep teal and purple",
        "motif": "vinyl",
    },
    {
        "name": "Fashion & Beauty",
        "slug": "fashion-beauty",
        "position": 6,
        "description": "Red-carpet looks, fashion weeks and the beauty routines worth your time.",
        "palette": ("#3b1f2b", "#b5576f", "#f4a3a8", "#ffe3d8"),
        "palette_name": "plum and blush",
        "motif": "runway",
    },
    {
        "name": "Lifestyle",
        "slug": "lifestyle",
        "position": 7,
        "description": "Food, travel and wellness, with an eye on where the stars go.",
        "palette": ("#1d4e4a", "#4d908e", "#f9c74f", "#fdf0c4"),
        "palette_name": "sea green and sand",
        "motif": "waves",
    },
]

AUTHORS = [
    {
        "slug": "priya-sharma",
        "name": "Priya Sharma",
        "bio": "Bollywood editor. Has covered Hindi cinema from Mumbai for twelve years, from film sets to "
        "first-day-first-show queues.",
        "colour": "#c2255c",
        "colour_name": "raspberry",
    },
    {
        "slug": "arjun-mehta",
        "name": "Arjun Mehta",
        "bio": "Writes about the film business: box office, release dates and the deals behind them.",
        "colour": "#d9480f",
        "colour_name": "burnt orange",
    },
    {
        "slug": "daniel-okafor",
        "name": "Daniel Okafor",
        "bio": "Hollywood correspondent in Los Angeles. Awards season is his favourite time of year.",
        "colour": "#1c3d6e",
        "colour_name": "navy blue",
    },
    {
        "slug": "han-ji-woo",
        "name": "Han Ji-woo",
        "bio": "Covers Korean dramas and K-pop from Seoul, and will tell you which drama to start next.",
        "colour": "#6741d9",
        "colour_name": "violet",
    },
    {
        "slug": "meera-iyer",
        "name": "Meera Iyer",
        "bio": "Fashion and beauty editor. Red carpets, runways and the products that earn a place on her shelf.",
        "colour": "#a61e4d",
        "colour_name": "deep rose",
    },
    {
        "slug": "sam-fernandes",
        "name": "Sam Fernandes",
        "bio": "Music, television and lifestyle writer based in Goa. Usually has headphones on.",
        "colour": "#0b7285",
        "colour_name": "teal",
    },
]

TAGS = [
    ("shah-rukh-khan", "Shah Rukh Khan"),
    ("bts", "BTS"),
    ("met-gala", "Met Gala"),
    ("cannes", "Cannes"),
    ("netflix", "Netflix"),
    ("oscars", "Oscars"),
    ("golden-globes", "Golden Globes"),
    ("grammys", "Grammys"),
    ("box-office", "Box Office"),
    ("trailers", "Trailers"),
    ("red-carpet", "Red Carpet"),
    ("interviews", "Interviews"),
    ("k-pop", "K-Pop"),
    ("skincare", "Skincare"),
    ("makeup", "Makeup"),
    ("street-style", "Street Style"),
    ("wellness", "Wellness"),
    ("travel", "Travel"),
    ("food", "Food"),
    ("what-to-watch", "What to Watch"),
    ("film-festivals", "Film Festivals"),
]

ARTICLES = [
    # Bollywood ---------------------------------------------------------------------------------------------
    {
        "slug": "raat-rani-trailer-40-million-views",
        "section": "bollywood",
        "headline": "Raat Rani trailer crosses 40 million views in its first day",
        "standfirst": "Nandini Kapoor’s neon-lit thriller about a night-shift radio host had the internet "
        "decoding every frame within hours.",
        "body": """
            The first trailer for **Raat Rani**, Nandini Kapoor’s thriller set over a single night in Mumbai,
            passed 40 million views across platforms in its first 24 hours, the studio said on Saturday.

            The two-and-a-half-minute cut follows Ishita Rao as a late-night radio host who starts receiving
            calls that predict the news before it happens. Kabir Malhotra appears only in silhouette, which
            has done nothing to slow the theories.

            ## What fans spotted

            - A clock that runs backwards in three separate shots
            - The same taxi number plate in the first and last scenes
            - A radio frequency, 98.3, that now leads to a recorded message

            > We wanted the trailer to feel like a song you half-remember from the radio at 3 a.m.

            That was Kapoor, speaking at the launch event in Bandra. The film opens in cinemas next month;
            read more in our [trailers coverage](/tag/trailers/).
            """,
        "authors": ["priya-sharma"],
        "tags": ["trailers", "box-office"],
        "published_ago": ago(hours=2, minutes=10),
        "caption": "Raat Rani opens in cinemas next month.",
        "comment_prompt": "Watched the trailer? Tell us your theory about the radio calls.",
    },
    {
        "slug": "shah-rukh-khan-fans-mumbai-gathering",
        "section": "bollywood",
        "headline": "Thousands of Shah Rukh Khan fans gather outside his Mumbai home",
        "standfirst": "Fans travelled from as far as Dhaka and Dubai for a wave from the balcony, a tradition now "
        "decades old.",
        "body": """
            Bandstand in Mumbai was full well before sunset on Sunday, as thousands of Shah Rukh Khan fans
            gathered outside the actor’s home hoping for his customary wave from the balcony.

            Police closed the seafront road to traffic in the afternoon. Fan clubs had organised **cake,
            posters and a brass band**, and several groups said they had planned the trip for months.

            > I saw him wave from this spot when I was nine. Now I have brought my daughter.

            That was Farah Siddiqui, 34, who flew in from Dubai for the evening. The wave came a little after
            7 p.m., to a roar that carried along the promenade.

            Our photographers’ favourite banners are in the [Shah Rukh Khan archive](/tag/shah-rukh-khan/).
            """,
        "authors": ["priya-sharma"],
        "tags": ["shah-rukh-khan"],
        "published_ago": ago(days=1, hours=4, minutes=35),
        "motif": "bokeh",
        "caption": "Fans filled the Bandstand promenade from the afternoon.",
    },
    {
        "slug": "diwali-box-office-weekend",
        "section": "bollywood",
        "headline": "Diwali box office: Toofan Express and Meri Jaan share a record weekend",
        "standfirst": "Two big releases on the same holiday weekend was meant to be a risk. Instead, both films "
        "are on course to recover their budgets.",
        "body": """
            The festive weekend clash between the action film **Toofan Express** and the family drama **Meri
            Jaan** has turned into the best Diwali weekend for Hindi cinema in five years, according to early
            trade estimates.

            ## The numbers

            - *Toofan Express*: ₹112 crore nett in India over four days
            - *Meri Jaan*: ₹86 crore nett, with the stronger Monday hold
            - Combined overseas gross: about $14 million

            > Audiences did not choose between them. Families watched one on Friday and the other on Sunday.

            That was trade analyst Rohan Desai, who expects both films to stay in cinemas well into next
            month. Multiplex chains added late-night shows in Mumbai, Delhi and Hyderabad on Saturday.

            Follow the week’s figures in our [box office tracker](/tag/box-office/).
            """,
        "authors": ["arjun-mehta", "priya-sharma"],
        "tags": ["box-office"],
        "published_ago": ago(days=3, hours=1, minutes=50),
        "updated_after": ago(hours=6, minutes=15),
        "motif": "filmstrip",
        "caption": "Both Diwali releases added late shows over the weekend.",
        "comment_prompt": "Which one did you watch first, Toofan Express or Meri Jaan?",
    },
    {
        "slug": "mumbai-screen-awards-nominations",
        "section": "bollywood",
        "headline": "Mumbai Screen Awards nominations: Raat Rani leads with 11",
        "standfirst": "A thriller not yet in cinemas tops the list, and two debut directors are up for the main prize.",
        "body": """
            Nandini Kapoor’s **Raat Rani** leads this year’s Mumbai Screen Awards nominations with 11,
            including best film, best director and best actress for Ishita Rao. The awards are voted on by
            a jury of critics, which allows films to qualify on festival screenings.

            ## Main categories

            1. Best film: *Raat Rani*, *Meri Jaan*, *Chhota Sa Ghar*, *The Salt Road*
            2. Best director: Nandini Kapoor, Imran Sheikh, Leela Joseph
            3. Best debut: Leela Joseph for *Chhota Sa Ghar*

            *Toofan Express*, the biggest hit of the season, has four nominations, all in technical
            categories.

            > A critics’ jury rewards risk. That is what the awards are for.

            That was jury chair Anjali Verma. The ceremony takes place in Mumbai next month.
            """,
        "authors": ["priya-sharma"],
        "tags": ["red-carpet"],
        "published_ago": ago(days=6, hours=3, minutes=5),
        "motif": "stars",
        "caption": "The ceremony takes place in Mumbai next month.",
    },
    {
        "slug": "baraat-season-wedding-song-making",
        "section": "bollywood",
        "headline": "Inside the 12-minute wedding song that took Baraat Season 19 days to shoot",
        "standfirst": "Choreographer Vikram Nair on 300 dancers, one unbroken camera move and a lot of marigolds.",
        "body": """
            The centrepiece of the romantic comedy **Baraat Season** is a wedding song that runs for twelve
            minutes and appears to be filmed in a single take. It was not, says choreographer Vikram Nair,
            but it was close.

            ## One camera, 300 dancers

            The crew built a full wedding courtyard on a Film City stage, and rehearsed for a month before
            the cameras rolled. Nair stitched the final sequence from *five* long takes.

            ![A warm, glowing illustration of spotlights over a stage](image:PICTURE)

            > By day twelve, the dancers knew the song better than the music director did.

            Nair says the hardest part was keeping the marigolds fresh under the lights: the art department
            replaced **two tonnes of flowers** over the 19 days. The song is already the most-streamed track
            of the soundtrack on [our weekly chart roundup](/music/).
            """,
        "authors": ["priya-sharma"],
        "tags": ["interviews"],
        "published_ago": ago(days=8, hours=6, minutes=40),
        "picture": {"motif": "spotlights", "caption": "The courtyard set was built on a Film City stage."},
        "caption": "Baraat Season is in cinemas now.",
    },
    {
        "slug": "nineties-classic-rerelease-gen-z",
        "section": "bollywood",
        "headline": "A 1995 romance returns to cinemas, and Gen Z is buying the tickets",
        "standfirst": "Re-releases have become the surprise success of the year. Cinema chains say younger "
        "audiences are behind it.",
        "body": """
            When **Dil Ki Baat** first opened in 1995, most of the people now queuing to see it had not been
            born. Its restored re-release made ₹9 crore in its first week, more than several new films.

            Cinema chains say bookings for re-releases skew young: around **60 per cent** of tickets for
            *Dil Ki Baat* were bought by people under 25.

            > They know every dialogue from social media clips. Now they want to hear them in a full hall.

            That was Meenal Joshi, programming head at a multiplex chain, which plans a monthly classics
            slot next year. Three more restorations are already scheduled:

            - *Pyaar Ka Mausam* (1998)
            - *Sapnon Ki Rani* (1993)
            - *Ek Shaam* (2001)
            """,
        "authors": ["arjun-mehta"],
        "tags": ["box-office"],
        "published_ago": ago(days=12, hours=2, minutes=20),
        "motif": "filmstrip",
        "caption": "The restored film plays in more than 400 cinemas.",
    },
    {
        "slug": "kabir-malhotra-first-villain-role",
        "section": "bollywood",
        "headline": "Kabir Malhotra on playing his first villain",
        "standfirst": "Draft: interview still to be transcribed.",
        "body": """
            Kabir Malhotra has spent a decade as Hindi cinema’s favourite romantic lead. In *Raat Rani*, he
            plays a man you would not want to meet at 3 a.m.

            > Notes from the interview go here once the recording is transcribed.
            """,
        "authors": ["priya-sharma"],
        "tags": ["interviews"],
        "caption": "Kabir Malhotra in Raat Rani.",
    },
    # Hollywood ---------------------------------------------------------------------------------------------
    {
        "slug": "oscar-shortlists-surprises",
        "section": "hollywood",
        "headline": "Oscar shortlists: five surprises in the documentary and score categories",
        "standfirst": "A crowd-funded film about a Kerala football team made the documentary list. A few "
        "front-runners did not.",
        "body": """
            The Academy published its shortlists in ten categories on Tuesday, and the documentary list is
            the one people are talking about.

            ## The surprises

            1. **Eleven in the Rain**, a crowd-funded film about a village football team in Kerala
            2. The score for the animated *Paper Moons*, made entirely with household objects
            3. No place for the festival favourite *Blue Harbour* in international feature
            4. Two shortlisted songs from the same film, *Orbit Nine*
            5. A first nomination-stage appearance for a film shot on a phone

            > We made it for the village. Everything after that is a bonus.

            That was *Eleven in the Rain* director Thomas Varghese. Nominations are announced in January;
            follow our [Oscars coverage](/tag/oscars/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["oscars"],
        "published_ago": ago(hours=7, minutes=25),
        "caption": "Nominations are announced in January.",
    },
    {
        "slug": "orbit-nine-opening-weekend",
        "section": "hollywood",
        "headline": "Orbit Nine opens to $142 million worldwide",
        "standfirst": "The space adventure had the biggest opening of the autumn, helped by premium large-format "
        "screens.",
        "body": """
            **Orbit Nine** took an estimated $142 million worldwide in its opening weekend, the strongest
            start for an original film this year.

            Large-format screens accounted for almost a third of the domestic total, and exhibitors reported
            sold-out late shows in India, South Korea and Mexico.

            ## Why it worked

            - An original story, not a sequel, with a simple hook
            - Reviews that landed a week before release
            - A soundtrack that was already in the charts

            > People wanted to see something they did not already know the ending to.

            That was box office analyst Karen Liu. The film opens in Japan next weekend.
            """,
        "authors": ["daniel-okafor", "arjun-mehta"],
        "tags": ["box-office"],
        "published_ago": ago(days=2, hours=5, minutes=30),
        "updated_after": ago(hours=20),
        "motif": "filmstrip",
        "caption": "Orbit Nine opens in Japan next weekend.",
    },
    {
        "slug": "lighthouse-keepers-daughter-trailer",
        "section": "hollywood",
        "headline": "First trailer for The Lighthouse Keeper’s Daughter promises a gothic winter",
        "standfirst": "Storms, candlelight and a locked door: the period drama arrives in cinemas in February.",
        "body": """
            The first trailer for **The Lighthouse Keeper’s Daughter** is two minutes of rain, candlelight
            and one very loud door, and it has already been watched 25 million times.

            Mara Quinn plays the title role, a woman who returns to the island where she grew up after her
            father disappears. The film was shot on the coast of Ireland over a winter the crew describes as
            *memorable*.

            > We did not need a wind machine once.

            That was director Aoife Byrne, speaking to reporters after the trailer launch in London. The film
            opens in February; more in our [trailers roundup](/tag/trailers/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["trailers"],
        "published_ago": ago(days=4, hours=8, minutes=15),
        "motif": "spotlights",
        "caption": "The film opens in cinemas in February.",
    },
    {
        "slug": "small-hours-festival-audience-award",
        "section": "hollywood",
        "headline": "Small Hours wins the audience award, and with it an awards-season push",
        "standfirst": "The quiet hospital drama beat two studio films to the prize that has picked several Best "
        "Picture winners.",
        "body": """
            **Small Hours**, a drama set over one night shift in a Chicago hospital, won the audience award
            at this year’s autumn festival on Sunday.

            The prize has a strong record as an early sign of awards-season success, and the film’s
            distributor has already moved its release forward by a month.

            ## Other winners

            - Runner-up: *Blue Harbour*
            - Documentary audience award: *Eleven in the Rain*
            - Midnight section: *The Tin Room*

            > I thought we would be happy to get a Tuesday morning screening.

            That was writer-director Sam Whitaker. See all our [film festival coverage](/tag/film-festivals/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["film-festivals", "oscars"],
        "published_ago": ago(days=9, hours=1, minutes=45),
        "caption": "Small Hours is released next month.",
    },
    {
        "slug": "mara-quinn-interview-astronaut-role",
        "section": "hollywood",
        "headline": "Mara Quinn: ‘I spent three weeks learning to float’",
        "standfirst": "The star of Orbit Nine on zero-gravity training, long days in a harness and why she "
        "almost turned the role down.",
        "body": """
            Mara Quinn laughs when asked about the harness. She spent most of the *Orbit Nine* shoot hanging
            from one, and three weeks before that learning how to look weightless in it.

            ## Training for space

            The production hired a former astronaut as an adviser, and Quinn trained in a swimming pool with
            a dive team to learn how bodies move without gravity.

            ![An illustration of a large gold star among small sparkles](image:PICTURE)

            > The trick is to stop trying. Your arms want to do something, and you have to let them drift.

            Quinn says she nearly turned the part down because of the schedule, which overlapped with a stage
            run in London. **The producers moved the shoot by six weeks** so she could do both.

            *Orbit Nine* is in cinemas now. Read our [opening weekend report](/hollywood/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["interviews"],
        "published_ago": ago(days=11, hours=5, minutes=10),
        "picture": {"motif": "stars", "caption": "Quinn trained with a dive team for three weeks."},
        "caption": "Mara Quinn plays the mission commander in Orbit Nine.",
        "comment_prompt": "Have you seen Orbit Nine yet? What did you think of Mara Quinn’s performance?",
    },
    {
        "slug": "golden-globe-nominations-film",
        "section": "hollywood",
        "headline": "Golden Globe nominations: Small Hours and Orbit Nine lead the film field",
        "standfirst": "Both films have six nominations. The comedy categories hold the biggest surprises.",
        "body": """
            **Small Hours** and **Orbit Nine** lead the film nominations for this year’s Golden Globes with
            six each, setting up a contest between a small drama and a big-screen spectacle.

            Mara Quinn is nominated for best actress in a drama, her third nomination. The comedy
            categories include two films that went straight to streaming.

            > Six nominations for a film about nurses on a night shift. I keep reading the list again.

            That was *Small Hours* producer Dana Reyes. The ceremony is in January; all our coverage is under
            [Golden Globes](/tag/golden-globes/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["golden-globes", "red-carpet"],
        "published_ago": ago(days=15, hours=3, minutes=55),
        "caption": "The ceremony takes place in January.",
    },
    {
        "slug": "orbit-nine-sequel-what-we-know",
        "section": "hollywood",
        "headline": "Orbit Nine sequel: what we know so far",
        "standfirst": "The cast, the story and the release date of the next mission.",
        "body": """
            The studio confirmed on Monday that a second **Orbit Nine** film is in development, with Mara
            Quinn returning as the mission commander.

            ## What we know

            - The writers of the first film are back
            - Filming starts next autumn in New Zealand
            - The release is planned for the summer after next

            > The first film ends with a door opening. The second one starts on the other side of it.

            That was director Felix Moreau. More in our [Hollywood section](/hollywood/).
            """,
        "authors": ["daniel-okafor"],
        "tags": ["box-office"],
        "published_in": timedelta(days=3),
        "caption": "The sequel starts filming next autumn.",
    },
    # K-Drama -----------------------------------------------------------------------------------------------
    {
        "slug": "spring-at-hanbit-station-finale-ratings",
        "section": "k-drama",
        "headline": "Spring at Hanbit Station ends with the year’s highest cable ratings",
        "standfirst": "The slow-burn romance about a small-town stationmaster closed with 17.4 per cent nationwide.",
        "body": """
            The final episode of **Spring at Hanbit Station** drew an average nationwide rating of 17.4 per
            cent on Sunday night, the highest for a cable drama this year.

            The sixteen-episode series follows a stationmaster in a town the railway is about to close, and
            the architect sent to plan its future. It grew slowly: the first episode rated 3.1 per cent.

            ## A finale to remember

            Viewers stayed for the final scene at the platform, which trended worldwide within an hour.

            > I wrote the last scene first. Everything else was a way to get there.

            That was screenwriter Park Soo-min. The series streams internationally on
            [Netflix](https://www.netflix.com/).
            """,
        "authors": ["han-ji-woo"],
        "tags": ["netflix", "what-to-watch"],
        "published_ago": ago(hours=11, minutes=40),
        "caption": "The series streams internationally.",
        "comment_prompt": "Were you happy with the ending of Spring at Hanbit Station?",
    },
    {
        "slug": "k-dramas-to-watch-this-winter",
        "section": "k-drama",
        "headline": "Five K-dramas to watch this winter",
        "standfirst": "A palace mystery, a rom-com in a noodle shop and three more series to start before the "
        "new year.",
        "body": """
            Winter is the season for long dramas and warm blankets. These are the five series we are looking
            forward to most.

            1. **The Noodle Shop on Third Street**: a chef inherits a failing restaurant, and its regulars
            2. **Crown of Frost**: a palace mystery set in the winter of 1623
            3. **Moonlight Pharmacy**: a pharmacist who only opens at night, and the customers who need her
            4. **Second Serve**: a retired tennis star coaches a high-school team
            5. **The Last Tram Home**: a time-travel romance on Seoul’s only tram line

            > Winter dramas are allowed to be slow. People want to stay in with them.

            That was drama critic Lee Hye-jin. Our full [what to watch guide](/tag/what-to-watch/) is updated
            every Friday.
            """,
        "authors": ["han-ji-woo"],
        "tags": ["what-to-watch", "netflix"],
        "published_ago": ago(days=2, hours=9, minutes=5),
        "motif": "bokeh",
        "caption": "Five series to start before the new year.",
    },
    {
        "slug": "moonlight-pharmacy-writer-interview",
        "section": "k-drama",
        "headline": "The writer of Moonlight Pharmacy on the art of the slow-burn romance",
        "standfirst": "Jung Da-eun spent four years on a drama in which the leads do not hold hands until episode 11.",
        "body": """
            Jung Da-eun has heard the complaints. In **Moonlight Pharmacy**, the two leads do not hold hands
            until episode 11, and viewers have been counting.

            ## Why wait?

            Jung says the delay is the point: the story is about two people who are bad at asking for help.

            > If they held hands in episode 2, they would not be the people I wrote.

            She wrote the drama over four years while working night shifts at a hospital pharmacy in Daegu,
            which is where most of the customers in the show come from. **Every one of them is based on a real
            conversation**, she says, with names and details changed.

            The drama airs on Wednesdays and Thursdays.
            """,
        "authors": ["han-ji-woo"],
        "tags": ["interviews"],
        "published_ago": ago(days=7, hours=2, minutes=30),
        "caption": "Moonlight Pharmacy airs on Wednesdays and Thursdays.",
    },
    {
        "slug": "busan-film-festival-opening-red-carpet",
        "section": "k-drama",
        "headline": "Busan opens with drama stars on the red carpet and a record number of series",
        "standfirst": "The festival’s series strand has grown from four titles to 22 in five years.",
        "body": """
            The Busan International Film Festival opened on Wednesday evening with a red carpet crowded with
            television stars, a sign of how far its series strand has come.

            This year the festival screens **22 series**, up from four five years ago, including the first
            two episodes of *Crown of Frost* and *Second Serve*.

            > Audiences do not separate film and television any more, so why should a festival?

            That was programmer Kim Seo-yeon. The festival runs for ten days; read all our
            [festival coverage](/tag/film-festivals/).
            """,
        "authors": ["han-ji-woo"],
        "tags": ["film-festivals", "red-carpet"],
        "published_ago": ago(days=13, hours=7, minutes=50),
        "motif": "spotlights",
        "caption": "The festival’s opening night in Busan.",
    },
    {
        "slug": "last-tram-home-remake-rights",
        "section": "k-drama",
        "headline": "Remake rights to The Last Tram Home sold to a Hollywood studio",
        "standfirst": "The time-travel romance is the third Korean drama this year to be picked up for an "
        "English-language version.",
        "body": """
            A Hollywood studio has bought the rights to remake **The Last Tram Home**, the time-travel romance
            that ended its run in Korea last month.

            The English-language version will move the story from Seoul to San Francisco’s cable cars. No cast
            has been announced.

            > The story works anywhere there is a last ride home and someone you want to share it with.

            That was the drama’s producer, Choi Min-jae. It is the third Korean series sold for a remake this
            year; the other two are in development.
            """,
        "authors": ["han-ji-woo", "daniel-okafor"],
        "tags": ["netflix"],
        "published_ago": ago(days=18, hours=4, minutes=20),
        "caption": "The English-language version moves the story to San Francisco.",
        "comments_open": False,
    },
    # TV & Streaming ----------------------------------------------------------------------------------------
    {
        "slug": "palace-kitchen-renewed-second-season",
        "section": "tv-streaming",
        "headline": "The Palace Kitchen renewed for a second season",
        "standfirst": "The cooking drama set in a Jaipur palace hotel was the most-watched Indian series of the "
        "year on its service.",
        "body": """
            **The Palace Kitchen**, the drama about a chef who takes over the kitchen of a Jaipur palace
            hotel, has been renewed for a second season.

            The first season was watched for 41 million hours in its first four weeks, and reached the top
            ten in 19 countries.

            ## What comes next

            Creator Aditi Rao says the new season moves the story to the hotel’s wedding season, *which is
            when kitchens really fall apart*.

            > We have a wedding for 900 guests and a chef who has never cooked for more than 40.

            Filming starts in January. The first season is streaming on [Netflix](https://www.netflix.com/).
            """,
        "authors": ["sam-fernandes"],
        "tags": ["netflix"],
        "published_ago": ago(hours=4, minutes=55),
        "caption": "The second season starts filming in January.",
    },
    {
        "slug": "what-to-stream-this-weekend",
        "section": "tv-streaming",
        "headline": "What to stream this weekend: a heist, a baking contest and a space documentary",
        "standfirst": "Our picks for the weekend, from a two-hour thriller to a series you can finish in a day.",
        "body": """
            Staying in this weekend? Here is what is worth your time.

            - **The Silver Vault** (film): a heist thriller set during a Mumbai monsoon
            - **Bake It Home, season 3**: ten home bakers, one tent in Ooty
            - **Deep Field** (documentary): the telescope that photographs the early universe
            - **Dust Road, final season**: the western ends, and it ends well
            - **Spring at Hanbit Station**: if you missed it, all sixteen episodes are out

            ## Our pick

            *Deep Field* is the one we keep recommending. It is 90 minutes long and **you will look at the
            night sky differently afterwards**.

            More recommendations every week in [What to Watch](/tag/what-to-watch/).
            """,
        "authors": ["sam-fernandes", "han-ji-woo"],
        "tags": ["what-to-watch", "netflix"],
        "published_ago": ago(days=1, hours=10, minutes=20),
        "motif": "filmstrip",
        "caption": "Five picks for the weekend.",
        "comment_prompt": "What are you watching this weekend?",
    },
    {
        "slug": "love-on-the-ghats-surprise-hit",
        "section": "tv-streaming",
        "headline": "Love on the Ghats becomes the reality hit nobody saw coming",
        "standfirst": "A dating show filmed on the riverbanks of Varanasi is the most-discussed series of the month.",
        "body": """
            Nobody expected a slow-paced dating show filmed on the ghats of Varanasi to become the most
            discussed series of the month. **Love on the Ghats** has done exactly that.

            Eight singles spend three weeks in a guest house by the river. There are no challenges and no
            eliminations, only boat rides, long dinners and a lot of tea.

            > We wanted the opposite of shouting. It turns out a lot of people wanted that too.

            That was producer Kavya Menon. A second season, set in the backwaters of Kerala, was announced on
            Friday.
            """,
        "authors": ["sam-fernandes"],
        "tags": ["what-to-watch"],
        "published_ago": ago(days=5, hours=6, minutes=10),
        "caption": "A second season is set in Kerala.",
    },
    {
        "slug": "seven-sisters-finale-record-viewers",
        "section": "tv-streaming",
        "headline": "Seven Sisters finale draws the biggest audience in the show’s history",
        "standfirst": "The family drama set in Shillong ended its fourth season with a wedding and a surprise.",
        "body": """
            The fourth-season finale of **Seven Sisters** drew its largest audience yet, the streaming service
            said on Monday, with 9.2 million accounts watching in the first three days.

            The family drama, set in Shillong, follows seven sisters who run their late father’s music shop.
            The finale ended with a wedding, and a final scene that has divided fans.

            > We knew the last scene would start arguments. That is what families do.

            That was creator Banri Lyngdoh, who confirmed that a fifth season will be the last.
            """,
        "authors": ["sam-fernandes"],
        "tags": ["what-to-watch"],
        "published_ago": ago(days=10, hours=8, minutes=35),
        "updated_after": ago(days=1, hours=2),
        "caption": "A fifth season will be the last.",
    },
    {
        "slug": "dust-road-showrunner-final-season",
        "section": "tv-streaming",
        "headline": "Dust Road’s showrunner on ending a western on her own terms",
        "standfirst": "Rosa Delgado knew the last shot before she wrote the first episode.",
        "body": """
            Rosa Delgado knew how **Dust Road** would end before she wrote the first episode. Five seasons
            later, she got to film it.

            ## Ending on purpose

            > Most shows end because someone cancels them. We got to decide, and that is rare.

            Delgado says the final season was written as a long goodbye. Every main character gets a last
            scene with every other, which meant *a lot of scheduling*.

            The final season is streaming now; it is in our [weekend picks](/tv-streaming/).
            """,
        "authors": ["sam-fernandes"],
        "tags": ["interviews"],
        "published_ago": ago(days=16, hours=5, minutes=25),
        "motif": "filmstrip",
        "caption": "Dust Road’s final season is streaming now.",
    },
    # Music -------------------------------------------------------------------------------------------------
    {
        "slug": "bts-fans-fill-seoul-anniversary",
        "section": "music",
        "headline": "BTS fans fill Seoul for a week of anniversary celebrations",
        "standfirst": "Landmarks lit up in purple, pop-up exhibitions and a riverside light show drew visitors "
        "from more than 80 countries.",
        "body": """
            Seoul turned purple this week as BTS fans from more than 80 countries arrived for the group’s
            anniversary celebrations.

            Landmarks including the N Seoul Tower and bridges over the Han River were lit in purple, and a
            riverside light show on Saturday night drew a crowd that filled the park.

            ## What was on

            - A free photo exhibition in Yeouido
            - Purple-themed menus in cafés across Mapo
            - A drone show spelling out fan messages over the river

            > I saved for two years for this trip. Every day here has been worth it.

            That was fan Ana Lucía Torres, visiting from Lima. Find more in our [K-pop coverage](/tag/k-pop/).
            """,
        "authors": ["han-ji-woo"],
        "tags": ["bts", "k-pop"],
        "published_ago": ago(hours=15, minutes=30),
        "motif": "bokeh",
        "caption": "The riverside light show drew a capacity crowd.",
    },
    {
        "slug": "grammy-nominations-debut-albums",
        "section": "music",
        "headline": "Three debut albums among this year’s Grammy nominations for album of the year",
        "standfirst": "A folk record made in a garage and an Afrobeats-meets-qawwali album are among the eight.",
        "body": """
            Three debut albums are among the eight nominated for album of the year at the Grammys, the most
            since the category expanded.

            ## The debuts

            1. **Garage Light** by June Harlow, recorded in her parents’ garage in Ohio
            2. **Lagos to Lahore** by Tunde & Zain, a blend of Afrobeats and qawwali
            3. **Small Town Static** by The Quiet Year

            > We recorded it on a laptop in a garage. I still have not told my parents we were nominated.

            That was June Harlow, speaking on a radio show an hour after the announcement. The ceremony is in
            February; follow our [Grammys coverage](/tag/grammys/).
            """,
        "authors": ["sam-fernandes"],
        "tags": ["grammys"],
        "published_ago": ago(days=5, hours=11, minutes=45),
        "motif": "stars",
        "caption": "The ceremony takes place in February.",
    },
    {
        "slug": "rhea-dsouza-solo-tour-sells-out",
        "section": "music",
        "headline": "Playback singer Rhea Dsouza’s first solo tour sells out in 20 minutes",
        "standfirst": "Twelve cities, 140,000 tickets and a set list built on fan votes.",
        "body": """
            Rhea Dsouza’s first solo tour sold out all 140,000 tickets in 20 minutes on Tuesday, a record for
            a playback singer.

            The tour visits twelve cities, starting in Pune in February. Dsouza, whose voice is on seven of
            the year’s most-streamed film songs, asked fans to vote for the set list.

            > I have sung for other people’s faces for ten years. It will be strange to stand there as myself.

            **Extra dates** in Mumbai and Bengaluru go on sale next week.
            """,
        "authors": ["sam-fernandes", "priya-sharma"],
        "tags": ["interviews"],
        "published_ago": ago(days=9, hours=9, minutes=15),
        "motif": "spotlights",
        "caption": "The tour starts in Pune in February.",
    },
    {
        "slug": "nova9-english-single-global-chart",
        "section": "music",
        "headline": "NOVA9’s first English single enters the global chart at number three",
        "standfirst": "The K-pop group’s summer-sounding song arrived in November, and nobody seems to mind.",
        "body": """
            **Paper Planes**, the first English-language single from K-pop group NOVA9, entered the global
            streaming chart at number three this week.

            The nine-member group recorded the song in Los Angeles over the summer. Its video, shot in one
            take on a rooftop in Seoul, has 80 million views.

            > We wanted a song that sounds like the last day of the holidays.

            That was the group’s leader, Yoon Tae-min. A world tour is expected to be announced in the spring.
            More in our [K-pop coverage](/tag/k-pop/).
            """,
        "authors": ["han-ji-woo"],
        "tags": ["k-pop"],
        "published_ago": ago(days=17, hours=2, minutes=40),
        "caption": "The video was shot on a rooftop in Seoul.",
    },
    # Fashion & Beauty --------------------------------------------------------------------------------------
    {
        "slug": "met-gala-looks-that-got-the-theme-right",
        "section": "fashion-beauty",
        "headline": "Met Gala: the looks that got the theme right",
        "standfirst": "Hand embroidery, living flowers and a cape that took 4,000 hours: our favourite readings "
        "of the dress code.",
        "body": """
            Every year the Met Gala dress code is debated for weeks, and every year a handful of guests get
            it exactly right. These are the looks we keep coming back to.

            ## Our favourites

            - A cape embroidered by hand over **4,000 hours** in a workshop in Lucknow
            - A gown of living flowers, watered on the steps between photographs
            - A tailored suit in recycled silk saris, each panel from a different decade

            > Embroidery is a slow art. The gala is one night when slowness gets applause.

            That was designer Raghav Sethi, whose workshop made the cape. Read more about the exhibition on
            the [museum’s website](https://www.metmuseum.org/) and in our [Met Gala archive](/tag/met-gala/).
            """,
        "authors": ["meera-iyer"],
        "tags": ["met-gala", "red-carpet"],
        "published_ago": ago(hours=9, minutes=5),
        "caption": "The gala opens the museum’s spring exhibition.",
        "comment_prompt": "Which look was your favourite this year?",
    },
    {
        "slug": "cannes-red-carpet-indian-designers",
        "section": "fashion-beauty",
        "headline": "Cannes red carpet: Indian designers have their biggest year on the Croisette",
        "standfirst": "Eleven looks from Indian labels on the main red carpet, from hand-woven Banarasi to "
        "sculpted organza.",
        "body": """
            Indian designers dressed eleven guests on the main Cannes red carpet this year, more than ever
            before, and several of the looks were among the festival’s most photographed.

            ## Three to remember

            1. A hand-woven **Banarasi** gown in midnight blue, made by a family workshop in Varanasi
            2. Sculpted ivory organza from a Delhi label that opened only three years ago
            3. A sequinned sari gown that took two people to carry up the steps

            > The world is finally asking where the craft comes from, not just who is wearing it.

            That was stylist Tara Menon. More on the festival at the
            [official Cannes website](https://www.festival-cannes.com/en/) and in our
            [Cannes coverage](/tag/cannes/).
            """,
        "authors": ["meera-iyer"],
        "tags": ["cannes", "red-carpet", "film-festivals"],
        "published_ago": ago(days=3, hours=7, minutes=20),
        "caption": "Eleven looks from Indian labels on the main red carpet.",
    },
    {
        "slug": "simple-skincare-routine",
        "section": "fashion-beauty",
        "headline": "The five-step skincare routine that survives a busy week",
        "standfirst": "No twelve-step routines, no miracle jars: what makeup artists who work film sets actually do.",
        "body": """
            Makeup artists on film sets get faces ready at 5 a.m. and take them apart at midnight. Their own
            routines are surprisingly short.

            ## The five steps

            1. A gentle cleanser, morning and night
            2. A light moisturiser, even for oily skin
            3. **Sunscreen every morning**, including indoors and in the monsoon
            4. One active ingredient at a time, introduced slowly
            5. Sleep, which no product replaces

            > The best routine is the one you still do on the day you are exhausted.

            That was makeup artist Nisha Kulkarni, who has worked on more than 40 films. If your skin is
            sensitive, talk to a dermatologist before adding anything new. More in [Skincare](/tag/skincare/).
            """,
        "authors": ["meera-iyer"],
        "tags": ["skincare"],
        "published_ago": ago(days=6, hours=9, minutes=40),
        "motif": "drops",
        "caption": "Five steps, morning and night.",
        "comment_prompt": "What is the one product you would never give up?",
    },
    {
        "slug": "mumbai-fashion-week-street-style",
        "section": "fashion-beauty",
        "headline": "Mumbai fashion week street style: oversized tailoring and pastel saris",
        "standfirst": "Outside the shows, the best looks mixed a grandmother’s sari with a borrowed blazer.",
        "body": """
            The catwalks were only half the story at Mumbai fashion week. Outside, guests turned the
            courtyard into a runway of their own.

            ## The trends

            - Oversized blazers, often borrowed from fathers and brothers
            - Pastel saris draped with trainers
            - Tote bags printed with the names of independent bookshops

            > Half of what I am wearing belonged to my grandmother. The other half I bought yesterday.

            That was student Zoya Khan, 21, photographed on the second day. See more in
            [Street Style](/tag/street-style/).
            """,
        "authors": ["meera-iyer"],
        "tags": ["street-style"],
        "published_ago": ago(days=14, hours=1, minutes=15),
        "caption": "Guests between shows on the second day.",
    },
    {
        "slug": "monsoon-makeup-that-lasts",
        "section": "fashion-beauty",
        "headline": "Monsoon makeup: what holds up in 90 per cent humidity",
        "standfirst": "We asked three makeup artists what they pack for outdoor shoots in the rain.",
        "body": """
            Outdoor film shoots in the monsoon are a test for any makeup kit. We asked three artists what
            survives.

            ## What they pack

            - Cream products over powders, set lightly
            - Waterproof mascara, and a remover that actually works
            - **Blotting papers**, always, in every bag

            > In the rain, less is more. Whatever you put on, you will be fixing it later.

            That was makeup artist Sunita Rao, who has worked on outdoor shoots in Goa and Kerala for 15
            years. Find more advice in [Makeup](/tag/makeup/).
            """,
        "authors": ["meera-iyer", "sam-fernandes"],
        "tags": ["makeup", "skincare"],
        "published_ago": ago(days=19, hours=6, minutes=5),
        "motif": "drops",
        "caption": "Three makeup artists share their monsoon kits.",
        "comments_open": False,
    },
    # Lifestyle ---------------------------------------------------------------------------------------------
    {
        "slug": "late-night-food-near-mumbai-cinemas",
        "section": "lifestyle",
        "headline": "Where to eat after the late show: six spots near Mumbai’s big cinemas",
        "standfirst": "Kebabs at midnight, filter coffee at one: where the film crowd goes when the credits roll.",
        "body": """
            The late show ends, the lights come up and everyone is hungry. These are the places that are
            still open.

            1. **Kebab stalls** behind the Colaba cinemas, open until 2 a.m.
            2. A South Indian café in Matunga serving filter coffee until 1 a.m.
            3. A Parsi bakery in Bandra with late-night bun maska
            4. A ramen bar in Lower Parel that opened for the film crowd
            5. A juice bar in Juhu, for the virtuous
            6. An all-night dosa cart near Andheri station

            > Half of our customers arrive still arguing about the ending.

            That was café owner Suresh Pai. Prices are for two people, without drinks. More in our
            [Food guide](/tag/food/).
            """,
        "authors": ["sam-fernandes"],
        "tags": ["food"],
        "published_ago": ago(days=4, hours=2, minutes=50),
        "caption": "Six places that stay open after the late show.",
    },
    {
        "slug": "hill-wellness-retreats-festive-season",
        "section": "lifestyle",
        "headline": "Wellness retreats in the hills are booked out for the festive season",
        "standfirst": "Yoga, forest walks and no phones: why holidays that promise nothing to do are selling out.",
        "body": """
            Retreats in the hills of Uttarakhand and Himachal Pradesh are fully booked for the festive season,
            operators say, with some taking bookings for next spring.

            The most popular packages have one thing in common: **guests hand in their phones** at check-in.

            > People are not paying for the yoga. They are paying to be unreachable for five days.

            That was retreat founder Ananya Bisht. Prices start at about ₹12,000 a night, including meals.
            More in [Wellness](/tag/wellness/) and [Travel](/tag/travel/).
            """,
        "authors": ["sam-fernandes"],
        "tags": ["wellness", "travel"],
        "published_ago": ago(days=11, hours=10, minutes=5),
        "motif": "drops",
        "caption": "Many retreats ask guests to hand in their phones.",
    },
    {
        "slug": "film-tourism-alpine-village",
        "section": "lifestyle",
        "headline": "Film tourism: the alpine village that a 1990s song made famous",
        "standfirst": "Thirty years after a song was shot on its meadow, tour groups still arrive to recreate it.",
        "body": """
            Thirty years after a film crew shot a love song on its meadow, a small Swiss village still
            welcomes tour groups who come to recreate the scene.

            The tourist office sells a map of the filming locations, and the café by the station has named
            a cake after the film.

            ## Plan your visit

            - Go in June or September, when the meadow is green and the trails are quiet
            - Trains run every hour from the nearest city
            - **Bring a speaker**: everybody sings

            > We get visitors who know every step of the dance. Some of them bring costumes.

            That was tourist office manager Lukas Brunner. More ideas in [Travel](/tag/travel/).
            """,
        "authors": ["sam-fernandes", "priya-sharma"],
        "tags": ["travel"],
        "published_ago": ago(days=20, hours=3, minutes=35),
        "updated_after": ago(hours=3, minutes=30),
        "caption": "Tour groups still come to recreate the song.",
    },
]
