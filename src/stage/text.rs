//! The stage's text, as data: where each label sits (`Spot`), how much room
//! it takes (an estimate from its font, on the wide side), and every label a
//! frame draws, so tokens and counts can be kept off them and a test can
//! check it. `src/app/stage/` draws each label at its spot; the font sizes
//! here are those of `static/stage.css`.

use super::geometry::{Point, Rect};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The SVG `text-anchor` attribute, none for SVG's default (start): the
    /// stage's markup is in the first visit's index.html twice (issue 26),
    /// and no part of the stage sets another anchor for its texts to inherit.
    pub fn svg(self) -> Option<&'static str> {
        Some(match self {
            Anchor::Start => return None,
            Anchor::Middle => "middle",
            Anchor::End => "end",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Font {
    pub size: f32,
    pub bold: bool,
}

/// Box titles, service and listener names (`.part-title`, `.member-title`).
pub const TITLE: Font = Font {
    size: 12.0,
    bold: true,
};
/// Notes, lane titles, listener status, database cells.
pub const NOTE: Font = Font {
    size: 11.0,
    bold: false,
};
/// A row's mark and a "+N" count (`.db-mark`, `.overflow`).
pub const STRONG: Font = Font {
    size: 11.0,
    bold: true,
};
/// A token's version (`.token-label`).
pub const TOKEN: Font = Font {
    size: 11.0,
    bold: true,
};
/// An ack-wait token's countdown (`.countdown`).
pub const COUNTDOWN: Font = Font {
    size: 10.0,
    bold: false,
};

impl Font {
    /// The width of `text`, estimated generously: 0.6 em a character (0.65
    /// bold) is wider than the page's sans-serif fonts, so a label fits the
    /// room the estimate gives it.
    pub fn width(self, text: &str) -> f32 {
        let em = if self.bold { 0.65 } else { 0.6 };
        text.chars().count() as f32 * self.size * em
    }

    /// From a baseline: ascenders above, descenders below.
    fn above(self) -> f32 {
        self.size * 0.8
    }

    fn below(self) -> f32 {
        self.size * 0.25
    }
}

/// Where a label sits: its baseline point and how it is anchored there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spot {
    pub at: Point,
    pub anchor: Anchor,
    pub font: Font,
}

impl Spot {
    pub const fn new(x: f32, y: f32, anchor: Anchor, font: Font) -> Spot {
        Spot {
            at: Point::new(x, y),
            anchor,
            font,
        }
    }

    /// The box `text` takes at this spot.
    pub fn rect(&self, text: &str) -> Rect {
        let w = self.font.width(text);
        let x = match self.anchor {
            Anchor::Start => self.at.x,
            Anchor::Middle => self.at.x - w / 2.0,
            Anchor::End => self.at.x - w,
        };
        let top = self.at.y - self.font.above();
        Rect::new(x, top, w, self.font.above() + self.font.below())
    }
}

/// One text label of a frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub spot: Spot,
}

impl Label {
    pub fn new(text: impl Into<String>, spot: Spot) -> Label {
        Label {
            text: text.into(),
            spot,
        }
    }

    pub fn rect(&self) -> Rect {
        self.spot.rect(&self.text)
    }
}
