//! Walking the pages of a list operation: [`Paginator`], made by [`Client::paginate`].
//!
//! NCP list operations (`getServerImageList`, ...) return one page per call, selected with
//! `pageNo` and `pageSize`, and say in `totalRows` how many items match in all. Reading a whole
//! listing means repeating the call with the next page number until the API has nothing more;
//! getting that loop right (where to start, when to stop, what to do when the API never stops) is
//! the same for every operation, so it is written once here, on top of the per-operation
//! [`Paginated`] implementations the generator emits.
//!
//! A walk starts at the request's `pageNo` (`0` and `1` both mean the first page in NCP) or at
//! page 1, and ends after the first page that
//! - is empty,
//! - is short (fewer items than the page size), or
//! - brings the number of items up to `totalRows` (counting from the first page of the listing,
//!   so a walk that started further in does not over-fetch).
//!
//! The number of pages is bounded ([`Paginator::max_pages`]): an API that kept returning full
//! pages without a `totalRows` would otherwise be called forever. Reaching the bound is an
//! [`Error::PageLimit`], never a silent end, so a truncated list cannot pass for a complete one.
//!
//! Every page is an ordinary [`Client::send`] call: signed, retried according to the client's
//! [`RetryPolicy`](crate::RetryPolicy), decoded in the client's format. A page that fails ends the
//! walk with that error.
//!
//! A generated list operation's fluent builder ends in `into_paginator()`, which makes one:
//!
//! ```ignore
//! let images = client.get_server_image_list().into_paginator()?.items().try_collect().await?;
//! ```

use std::fmt;
use std::pin::pin;

use futures_core::Stream;
use futures_util::StreamExt as _;
use futures_util::stream;

use crate::Paginated;
use crate::client::error::PageLimitError;
use crate::error::InvalidRequest;
use crate::{Client, Error};

/// The page limit of a [`Paginator`] unless [`Paginator::max_pages`] says otherwise.
///
/// With the largest page size of `getServerImageList` (1000) that is a million items, far more
/// than any account has, while still ending a walk over an API that never signals its last page.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

impl Client {
    /// Walks the pages of `request`, a paginated list request; see [`Paginator`].
    ///
    /// Nothing is sent until the returned paginator's stream is polled (or
    /// [`collect_all`](Paginator::collect_all) awaited).
    pub fn paginate<O: Paginated>(&self, request: O) -> Paginator<O> {
        Paginator {
            client: self.clone(),
            request,
            page_size: None,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

/// The pages of a list operation, fetched one request at a time.
///
/// Made by [`Client::paginate`]. Adjust it with [`page_size`](Self::page_size) and
/// [`max_pages`](Self::max_pages), then consume it page by page ([`pages`](Self::pages)), item by
/// item ([`items`](Self::items)) or all at once ([`collect_all`](Self::collect_all)). The streams
/// are lazy: each page is requested when the previous one has been consumed. See the
/// [module documentation](self) for where a walk starts and stops.
///
/// The streams borrow nothing; pin them before polling (`std::pin::pin!(paginator.pages())`, or
/// `Box::pin` to keep one in a struct).
#[must_use = "a paginator does nothing until its pages are consumed"]
#[derive(Clone)]
pub struct Paginator<O: Paginated> {
    client: Client,
    request: O,
    page_size: Option<i32>,
    max_pages: u32,
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &O::NAME)
            .field("page_size", &self.page_size.or(self.request.page_size()))
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Paginator<O> {
    /// Sets the number of items asked for per page (`pageSize`), from 1 to
    /// [`O::MAX_PAGE_SIZE`](Paginated::MAX_PAGE_SIZE); a value outside that range makes the
    /// stream yield an [`Error::InvalidRequest`] before anything is sent.
    ///
    /// Default: the request's own `pageSize` when it has one, else `O::MAX_PAGE_SIZE` (1000 for
    /// `getServerImageList`, whereas the API's own default is 1). Reading a listing is dominated
    /// by round trips, each signed and subject to the gateway's rate limits, not by the size of a
    /// page, so the fewer pages the better. A smaller size gives the first items sooner.
    ///
    /// A `pageNo` set on the request counts pages of this size.
    pub fn page_size(mut self, page_size: i32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// Sets the most pages (requests, not counting retries) a walk makes; `0` counts as `1`.
    ///
    /// Default: [`DEFAULT_MAX_PAGES`]. The bound exists so that an API that never returns an
    /// empty or short page (and no `totalRows`) cannot keep the caller looping. When a walk has
    /// fetched this many pages and the last one did not end it, the stream yields
    /// [`Error::PageLimit`] after those pages instead of ending as if the list were complete.
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The responses, one per page, in order.
    ///
    /// Each item is one page's whole decoded response (envelope included). The last page may be
    /// empty: that is how the API says there is nothing more when the previous page happened to
    /// be full and no `totalRows` told the count. An invalid page size or `pageNo`, a failed
    /// page ([`Client::send`]'s errors, after its retries) or the page limit
    /// ([`Error::PageLimit`]) is yielded as an `Err`, and the stream ends after it. An ended
    /// stream may be polled again: it stays ended.
    pub fn pages(self) -> impl Stream<Item = Result<O::Output, Error>> {
        let first = match self.start() {
            Ok((page_no, page_size)) => Step::Fetch(Walk {
                client: self.client,
                request: self.request,
                page_no,
                page_size,
                max_pages: self.max_pages,
                fetched: 0,
                items: 0,
                total_rows: None,
            }),
            Err(e) => Step::Fail(e),
        };
        stream::unfold(first, |step| async move {
            match step {
                Step::Done => None,
                Step::Fail(e) => Some((Err(e), Step::Done)),
                Step::Fetch(walk) => Some(walk.next_page().await),
            }
        })
        // Once ended, the stream keeps answering `None` instead of panicking.
        .fuse()
    }

    /// The items of every page, in order: [`pages`](Self::pages) flattened.
    ///
    /// An error is yielded after the items of the pages before it, and ends the stream.
    pub fn items(self) -> impl Stream<Item = Result<O::Item, Error>> {
        self.pages().flat_map(|page| {
            let (items, error) = match page {
                Ok(mut page) => (std::mem::take(O::items_mut(&mut page)), None),
                Err(e) => (Vec::new(), Some(e)),
            };
            stream::iter(items.into_iter().map(Ok).chain(error.map(Err)))
        })
    }

    /// Walks every page and returns one response whose list holds the items of all of them, in
    /// order.
    ///
    /// The envelope (`requestId`, `returnCode`, `returnMessage`, `totalRows`) is the last page's.
    ///
    /// # Errors
    ///
    /// The first error of the walk (see [`pages`](Self::pages)); the items fetched before it are
    /// dropped.
    pub async fn collect_all(self) -> Result<O::Output, Error> {
        let mut pages = pin!(self.pages());
        let mut items = Vec::new();
        let mut last = None;
        while let Some(page) = pages.next().await {
            let mut page = page?;
            items.append(O::items_mut(&mut page));
            last = Some(page);
        }
        // `pages` yields at least one page or an error: the first page is always fetched.
        let mut all = last.expect("a paginated walk yields at least one page or an error");
        *O::items_mut(&mut all) = items;
        Ok(all)
    }

    /// The first page number and the page size, checked.
    fn start(&self) -> Result<(i32, i32), Error> {
        let page_size = self
            .page_size
            .or(self.request.page_size())
            .unwrap_or(O::MAX_PAGE_SIZE);
        if !(1..=O::MAX_PAGE_SIZE).contains(&page_size) {
            return Err(InvalidRequest::out_of_range(
                "pageSize",
                i64::from(page_size),
                Some(1),
                Some(i64::from(O::MAX_PAGE_SIZE)),
            )
            .into());
        }
        let page_no = match self.request.page_no() {
            None | Some(0) => 1,
            Some(n) if n < 0 => {
                return Err(
                    InvalidRequest::out_of_range("pageNo", i64::from(n), Some(0), None).into(),
                );
            }
            Some(n) => n,
        };
        Ok((page_no, page_size))
    }
}

/// Where a walk is: the state of the [`Paginator::pages`] stream between polls.
enum Step<O: Paginated> {
    Fetch(Walk<O>),
    Fail(Error),
    Done,
}

struct Walk<O: Paginated> {
    client: Client,
    request: O,
    /// The page to fetch next.
    page_no: i32,
    page_size: i32,
    max_pages: u32,
    /// Pages fetched so far.
    fetched: u32,
    /// Items on those pages.
    items: u64,
    /// `totalRows` of the last page fetched.
    total_rows: Option<i64>,
}

impl<O: Paginated> Walk<O> {
    /// Fetches the next page, or yields the page limit error when the walk is out of pages.
    async fn next_page(mut self) -> (Result<O::Output, Error>, Step<O>) {
        if self.fetched >= self.max_pages {
            return (Err(self.page_limit()), Step::Done);
        }
        let mut request = self.request.clone();
        request.set_page(self.page_no, self.page_size);
        let mut page = match self.client.send(request).await {
            Ok(page) => page,
            Err(e) => return (Err(e), Step::Done),
        };
        self.fetched += 1;
        let count = O::items_mut(&mut page).len();
        self.items += count as u64;
        self.total_rows = O::total_rows(&page);
        // Items up to the end of this page, counted from the first page of the listing (the
        // walk may have started further in).
        let reached = i64::from(self.page_no - 1) * i64::from(self.page_size) + count as i64;
        let last = count == 0
            || count < self.page_size as usize
            || self.total_rows.is_some_and(|total| reached >= total);
        let next = if last {
            Step::Done
        } else {
            match self.page_no.checked_add(1) {
                Some(page_no) => {
                    self.page_no = page_no;
                    Step::Fetch(self)
                }
                // No page number left to ask for, and the listing did not end.
                None => Step::Fail(self.page_limit()),
            }
        };
        (Ok(page), next)
    }

    fn page_limit(&self) -> Error {
        PageLimitError::new(O::NAME, self.fetched, self.items, self.total_rows).into()
    }
}
