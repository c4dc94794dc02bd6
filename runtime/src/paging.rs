//! The contract between paginated operations and the [`Paginator`](crate::Paginator).
//!
//! NCP list operations page their results with two request parameters, `pageNo` and
//! `pageSize`, and report the total number of matches as `totalRows` in the response envelope.
//! Which operations page, what their items are and where the list sits in the response differ
//! per operation, so the generator implements [`Paginated`] for each of them; the walk over the
//! pages (where to start, when to stop, the bound on the number of requests) is the same for all
//! and lives once in [`crate::paginator`].

use super::Operation;

/// An operation whose results come in pages (`pageNo`/`pageSize`), implemented by generated code.
///
/// The paginator clones the request once per page and calls [`set_page`](Self::set_page) on the
/// clone, so a request type only has to expose its two paging parameters and where a response
/// keeps its items.
pub trait Paginated: Operation + Clone {
    /// One item of a page (e.g. `ServerImage`).
    type Item;
    /// The page number the request asks for, if set.
    fn page_no(&self) -> Option<i32>;
    /// The page size the request asks for, if set.
    fn page_size(&self) -> Option<i32>;
    /// Sets the page number and size.
    fn set_page(&mut self, page_no: i32, page_size: i32);
    /// `totalRows` of a page's output (the total match count), if present.
    fn total_rows(output: &Self::Output) -> Option<i64>;
    /// The items of a page's output.
    fn items_mut(output: &mut Self::Output) -> &mut Vec<Self::Item>;
    /// Largest page size the API accepts (1000 for `getServerImageList`).
    const MAX_PAGE_SIZE: i32;
    /// The page size the API uses when the request sets none (the spec's `default` of the
    /// page-size parameter: 1 for `getServerImageList`), if the spec gives one.
    const DEFAULT_PAGE_SIZE: Option<i32> = None;
}
