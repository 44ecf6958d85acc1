//! Helpers shared by several test files (each includes this module with
//! `mod common;`).

pub mod fidelity;
